import FleetCore
import Foundation
import Testing
@testable import FleetPanes

/// List snapshots carry values, not display text: snake_case keys, numbers as numbers, null where missing.
@Suite struct ListJSONTests {
    static let lists: [Pane] = [.jobs, .teams, .idle, .gpus]

    func rows(_ pane: Pane, _ c: FrameContext, _ ui: UIState = UIState()) throws -> [[String: Any]] {
        var ui = ui
        ui.pane = pane
        let json = PaneSnapshot.json(pane: pane, ui: ui, ctx: c)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(object[pane.rawValue] as? [[String: Any]])
    }

    @Test(arguments: lists)
    func keysAreSnakeCaseAndNoValueIsDisplayText(pane: Pane) throws {
        let c = try GoldenFrameTests.context(theme: "default")
        let list = try rows(pane, c)
        #expect(!list.isEmpty)
        let snake = try Regex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
        for row in list {
            for (key, value) in row {
                #expect(key.wholeMatch(of: snake) != nil, "\(pane): key \(key)")
                if let text = value as? String {
                    #expect(text != "—" && !text.hasPrefix("$") && !text.hasSuffix("%"), "\(pane): \(key) = \(text)")
                }
            }
        }
    }

    @Test func jobsFollowThePaneOrderWithNumbersAndNulls() throws {
        let c = try GoldenFrameTests.context(theme: "default")
        let list = try rows(.jobs, c)
        #expect(list.map { $0["id"] as? String } == JobsPane.rows(ui: UIState(pane: .jobs), ctx: c).map(\.id))
        let pending = try #require(list.first { $0["state"] as? String == "pending" })
        #expect(pending["run_seconds"] is NSNull && pending["wait_seconds"] is NSNumber && pending["gpus"] is NSNumber)
        let running = try #require(list.first { $0["state"] as? String == "running" })
        #expect(running["run_seconds"] is NSNumber && running["pending_reason"] is NSNull)
    }

    @Test func teamsSayBudgetAndQuotaAsNumbersOrNull() throws {
        let c = try GoldenFrameTests.context(theme: "default")
        for row in try rows(.teams, c) {
            let name = try #require(row["team"] as? String)
            let team = try #require(c.state.org.teams.first { $0.name == name })
            #expect(team.hasLimits ? row["quota_gpus"] as? Int == team.quotaGPUs : row["quota_gpus"] is NSNull)
            #expect(row["month_to_date"] is NSNumber && row["projected_month_end"] is NSNumber)
        }
    }
}

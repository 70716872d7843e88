import FleetCore
import FleetTUI
import Testing
@testable import FleetPanes

/// What the runtime loads ahead of `:review`'s period keys, and the forecast slide's tiles when comparing.
@Suite struct ReviewPrefetchTests {
    let ctx: FrameContext

    init() throws { ctx = try GoldenFrameTests.context(theme: "default") }

    @Test func theRequestsOneKeyAwayAreWhatEachPeriodKeyAsksFor() {
        var ui = UIState(pane: .review)
        ui.review.period = ReviewPeriod(.month(year: 2026, month: 10))
        ui.review.compare = .previous
        let now = ctx.state.now
        let shown = ReviewRequest(ui.review, fleetNow: now)
        let ahead = ReviewRequest.oneKeyAway(from: ui.review, fleetNow: now)
        var asked: [ReviewRequest] = []
        for key in ["[", "]", "c", "m", "q", "w", "y"] as [Character] {
            var next = ui
            UIController.handle(.key(.char(key)), ui: &next, ctx: ctx)
            let request = ReviewRequest(next.review, fleetNow: now)
            if request != shown, !asked.contains(request) { asked.append(request) }
        }
        #expect(ahead == asked, "each key's request once, in the order most likely pressed, without the one shown")
        #expect(ahead.map(\.period.label) == ["2026-09", "2026-11", "2026-10", "2026-Q3", "2026-W44", "2025"],
                "m asks for October again: not loaded twice")
        #expect(ahead.map { $0.compare?.label } == ["2026-08", "2026-10", "2025-10", "2026-Q2", "2026-W43", "2024"])
    }

    @Test func forecastTilesShowTheChangeWhenComparing() throws {
        /// Ten days from `start` of demand 10 + `growth` × day against a capacity of 40.
        func days(from start: Int, growth: Double) -> [KPIRollup] {
            (0..<10).map { i in
                var r = KPIRollup(start: start + i * 86_400, resolution: .day, scope: .fleet)
                for (s, v) in [(RollupSum.coveredHours, 24.0), (.allocatedGPUHours, (10 + growth * Double(i)) * 24), (.pendingGPUHours, 0),
                               (.capacityGPUHours, 40 * 24)] { r.add(v, to: s) }
                return r
            }
        }
        let nov = ReviewPeriod(.month(year: 2026, month: 11)), oct = nov.previous
        let pack = ReviewPack.derive(period: nov, rollups: days(from: nov.start, growth: 2), compare: (oct, days(from: oct.start, growth: 1)),
                                     targets: ReviewTargets(teams: []))
        let row = try #require(pack.section(.forecast)?.rows.first)
        for metric in [KPIMetric.demandGrowth, .shortfallDays] {
            let tile = ReviewCharts.Tile(try #require(row[metric]), comparedWith: oct)
            #expect(tile.change?.hasSuffix("vs 2026-10") == true && tile.change?.contains("nothing to compare") == false, "\(tile.change ?? "")")
        }
    }
}

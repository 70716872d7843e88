import FleetCore
import FleetTUI
import Foundation
import Testing
@testable import FleetPanes

/// `:review`'s decision log (`n`) and definitions overlay (`d`): exact UI state changes, the refusal a view-only user
/// gets, and what the slide and the reports show. The golden fleet's clock reads Monday 2026-11-02 10:00, so the
/// review opens on 2026-10.
@Suite struct ReviewDecisionLogTests {
    let october = ReviewPeriod(.month(year: 2026, month: 10))

    func ctx(identity: String = "carol") throws -> FrameContext {
        var c = try GoldenFrameTests.context(theme: "default")
        c.identity = identity
        return c
    }

    func after(_ keys: [Key], from ui: UIState = UIState(pane: .review), _ c: FrameContext) -> UIState {
        var ui = ui
        for key in keys { UIController.handle(.key(key), ui: &ui, ctx: c) }
        return ui
    }

    func text(_ s: String) -> [Key] { s.map { Key.char($0) } }

    @Test func nOpensTheDecisionFormForTheReviewedPeriod() throws {
        var expected = UIState(pane: .review)
        expected.form = GovernanceForm.reviewDecision(period: october)
        #expect(after([.char("n")], try ctx()) == expected)
        #expect(expected.form?.fields.map(\.name) == ["kind", "text", "owner", "due (YYYY-MM-DD)"])
        #expect(expected.form?.title == "record a decision or action item for 2026-10")
    }

    @Test func submitRecordsTheDraftAfterAnExplicitYes() throws {
        let c = try ctx()
        let filled = after([.char("n"), .right, .tab] + text("buy 64 H100") + [.tab] + text("finance") + [.tab] + text("2026-12-15"), c)
        #expect(filled.form?.fields.map(\.value) == ["action", "buy 64 H100", "finance", "2026-12-15"])
        let confirming = after([.enter], from: filled, c)
        var asked = filled
        asked.form?.confirming = true
        #expect(confirming == asked)
        var done = filled
        done.form = nil
        done.intent = .recordDecision(ReviewDecisionDraft(kind: .action, text: "buy 64 H100", owner: "finance", due: "2026-12-15", period: october))
        done.message = "working…"
        #expect(after([.char("y")], from: confirming, c) == done)
    }

    @Test func aBadDueDateOrAMissingTextKeepsTheFormOpenWithTheReason() throws {
        let c = try ctx()
        var missing = after([.char("n"), .enter], c)
        #expect(missing.form?.error == "text is required" && missing.form?.confirming == false)
        missing = after([.tab] + text("x") + [.tab] + text("me") + [.tab] + text("2026-02-30") + [.enter], from: missing, c)
        #expect(missing.form?.error == "due: write a date as 2026-12-15" && missing.intent == nil)
    }

    @Test func cancelClosesTheFormAndChangesNothingElse() throws {
        let c = try ctx()
        #expect(after([.char("n")] + text("half") + [.escape], c) == UIState(pane: .review))
    }

    @Test func aViewOnlyUserGetsTheGovernanceRefusalAndReadOnlyHasNoKey() throws {
        // The demo policy's roles name anyone ("*"); a real policy names its people.
        var strict = try ctx(identity: "visitor")
        var policy = try #require(strict.state.policy)
        var rules = policy.rules ?? PolicyRules()
        rules.roles = [PolicyRole(name: "board", members: ["carol"], approves: ["any"])]
        policy.rules = rules
        strict.state.apply(.policyDefined(policy))
        var refused = UIState(pane: .review)
        refused.message = "visitor is not named in the policy: view only"
        #expect(after([.char("n")], strict) == refused)
        strict.identity = "carol"
        #expect(after([.char("n")], strict).form != nil)
        var c = try ctx()
        c.readOnly = true
        #expect(after([.char("n")], c) == UIState(pane: .review))
        #expect(!KeyMap.hints(for: .review, readOnly: true).contains { $0.key == "n" })
        #expect(KeyMap.hints(for: .review, readOnly: false).contains { $0.key == "n" && $0.isDangerous })
        #expect(KeyMap.helpLines(readOnly: false).joined().contains("n record decision"))
    }

    @Test func dOpensTheSlidesDefinitionsAndTheHelpKeysScrollAndClose() throws {
        let c = try ctx()
        var ui = UIState(pane: .review)
        ui.review.slide = .cost
        var expected = ui
        expected.overlay = .definitions(.cost, firstLine: 0)
        #expect(after([.char("d")], from: ui, c) == expected)
        var small = expected
        small.screen = ScreenSize(width: 100, height: 30)
        var scrolled = small
        scrolled.overlay = .definitions(.cost, firstLine: 1)
        #expect(after([.down], from: small, c) == scrolled)
        #expect(after([.up], from: small, c) == small, "the first line is the top")
        #expect(after([.escape], from: scrolled, c) == { var u = scrolled; u.overlay = nil; return u }())
    }

    @Test func theDefinitionsAreTheCataloguesAndTheFootnotesUseTheSameText() throws {
        let c = try ctx()
        var ui = UIState(pane: .review)
        ui.review.slide = .cost
        let pack = ReviewPane.pack(ui: ui, ctx: c)
        let shown = ReviewDefinitions.metrics(.cost, pack: pack)
        #expect(shown.first == .cost && shown.contains(.unallocatedCost) && shown.contains(.budgetBurn))
        let lines = ReviewDefinitions.lines(.cost, pack: pack, on: ScreenSize(width: 200, height: 50))
        let joined = lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        let markdown = try ReviewMarkdown.render(#require(pack))
        for m in shown {
            let definition = ReviewText.definition(m)
            #expect(joined.contains(definition), "\(m.rawValue) in the overlay")
            #expect(markdown.contains(definition), "\(m.rawValue) in the footnotes")
            #expect(definition.contains(m.definition.formulaText) && definition.contains(m.definition.source))
        }
        ui.overlay = .definitions(.cost, firstLine: 0)
        let frame = Screen.compose(ui: ui, ctx: c, width: 100, height: 30).lines().joined(separator: "\n")
        #expect(frame.contains("definitions: Cost") && frame.contains("Σ price per GPU-hour"))
    }

    @Test func theGovernanceSlideAndTheReportsShowThePeriodsDecisions() throws {
        var c = try ctx()
        let draft = ReviewDecisionDraft(kind: .decision, text: "raise nlp\u{1B}[31m quota", owner: "board", due: "2026-11-30", period: october)
        let outcome = try Governance.recordDecision(draft, by: "carol", in: c.state, now: 1_793_000_000).get()
        let other = try Governance.recordDecision(ReviewDecisionDraft(kind: .action, text: "not this month", owner: "x", due: "",
                                                                      period: ReviewPeriod(.month(year: 2026, month: 9))),
                                                  by: "carol", in: c.state, now: 1_793_000_100).get()
        c.state.apply(.governance(outcome.event))
        c.state.apply(.governance(other.event))
        var ui = UIState(pane: .review)
        ui.review.slide = .governance
        let frame = Screen.compose(ui: ui, ctx: c, width: 160, height: 50).lines().joined(separator: "\n")
        #expect(frame.contains("D-1") && frame.contains("raise nlp[31m quota") && frame.contains("board") && frame.contains("2026-11-30"))
        #expect(!frame.contains("not this month"), "September's action is not October's")
        let pack = try #require(ReviewPane.pack(ui: ui, ctx: c))
        #expect(pack.decisions.map(\.id) == ["D-1"])
        let md = ReviewMarkdown.render(pack)
        #expect(md.contains("| D-1 | decision | raise nlp[31m quota | board | 2026-11-30 | 2026-10 | carol |"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ReviewData.json(pack).utf8)) as? [String: Any])
        let decisions = try #require(json["decisions"] as? [[String: Any]])
        #expect(decisions.count == 1 && decisions[0]["id"] as? String == "D-1" && decisions[0]["owner"] as? String == "board"
            && decisions[0]["due"] as? String == "2026-11-30" && decisions[0]["recorded_by"] as? String == "carol"
            && decisions[0]["period"] as? String == "2026-10")
        let csv = ReviewData.csv(pack)
        #expect(csv.contains("\n\n" + ReviewData.decisionColumns.joined(separator: ",") + "\n"))
        #expect(csv.contains("D-1,decision,raise nlp[31m quota,board,2026-11-30,2026-10,carol,"))
        #expect(ReviewHTML.render(pack).contains("<td>raise nlp[31m quota</td>"))
    }

    @Test func teamsReadNotApplicableForUnallocatedCostAndTheFleetKeepsItsNumber() throws {
        let c = try ctx()
        var ui = UIState(pane: .review)
        ui.review.slide = .cost
        let pack = try #require(ReviewPane.pack(ui: ui, ctx: c))
        let rows = try #require(pack.section(.cost)?.rows)
        let fleet = try #require(rows.first { $0.scope == .fleet }?[.unallocatedCost])
        #expect(fleet.applies && fleet.value != nil)
        let teams = rows.filter { $0.scope.kind == .team || $0.scope.kind == .department }
        #expect(!teams.isEmpty && teams.allSatisfy { $0[.unallocatedCost]?.applies == false })
        #expect(ReviewText.value(try #require(teams.first?[.unallocatedCost])) == "n/a")
        let frame = Screen.compose(ui: ui, ctx: c, width: 160, height: 50).lines()
        let teamLines = frame.filter { $0.contains(" team ") }
        #expect(!teamLines.isEmpty && teamLines.allSatisfy { $0.contains("n/a") && !$0.hasSuffix("missing") })
        let csv = ReviewData.csv(pack)
        #expect(csv.contains(",cost.unallocated_dollars,$,n/a,"))
    }
}

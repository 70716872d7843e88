import FleetCore
import FleetTUI
import Foundation
import Testing
@testable import FleetPanes

/// `:review`'s keys and command change exactly the review's state; the pane draws the pack it is handed and its
/// snapshot is the report's JSON. The golden fleet's clock reads Monday 2026-11-02 10:00.
@Suite struct ReviewPaneTests {
    let ctx: FrameContext

    init() throws { ctx = try GoldenFrameTests.context(theme: "default") }

    func after(_ keys: Key..., from ui: UIState = UIState(pane: .review)) -> UIState {
        var ui = ui
        for key in keys { UIController.handle(.key(key), ui: &ui, ctx: ctx) }
        return ui
    }

    func typed(_ command: String, from ui: UIState = UIState()) -> UIState {
        after(.char(":"), from: ui).typing(command, ctx: ctx)
    }

    func month(_ y: Int, _ m: Int) -> ReviewPeriod { ReviewPeriod(.month(year: y, month: m)) }

    @Test func slideKeysTurnOneSlideAndStopAtTheEnds() {
        var second = UIState(pane: .review)
        second.review.slide = .queues
        #expect(after(.right) == second)
        #expect(after(.pageDown) == second)
        #expect(after(.left, from: second) == UIState(pane: .review))
        #expect(after(.pageUp, from: second) == UIState(pane: .review))
        #expect(after(.left) == UIState(pane: .review), "slide 1 is the first")
        var last = UIState(pane: .review)
        last.review.slide = .exceptions
        #expect(after(.right, from: last) == last, "slide 8 is the last")
        #expect(after(.right, .right, .right, .right, .right, .right, .right, .right, .right).review.slide == .exceptions)
    }

    @Test func lengthKeysPickTheLastWholePeriodBeforeTheFleetClock() {
        func expecting(_ p: ReviewPeriod) -> UIState {
            var ui = UIState(pane: .review)
            ui.review.period = p
            return ui
        }
        #expect(after(.char("w")) == expecting(ReviewPeriod(.isoWeek(year: 2026, week: 44))))
        #expect(after(.char("m")) == expecting(month(2026, 10)))
        #expect(after(.char("q")) == expecting(ReviewPeriod(.quarter(year: 2026, quarter: 3))))
        #expect(after(.char("y")) == expecting(ReviewPeriod(.year(2025))))
        #expect(after(.char("q")).quitRequested == false, "q picks a quarter in the review; it quits elsewhere")
        #expect(after(.char("q"), from: UIState(pane: .teams)).quitRequested)
    }

    @Test func bracketsMoveByOnePeriodButNotPastTheCurrentOne() {
        var september = UIState(pane: .review)
        september.review.period = month(2026, 9)
        #expect(after(.char("[")) == september)
        var november = UIState(pane: .review)
        november.review.period = month(2026, 11)
        #expect(after(.char("]")) == november)
        var refused = november
        refused.message = "2026-11 is the current period: no later one has history yet"
        #expect(after(.char("]"), from: november) == refused)
        var week = UIState(pane: .review)
        week.review.period = ReviewPeriod(.isoWeek(year: 2026, week: 43))
        #expect(after(.char("w"), .char("[")) == week)
    }

    @Test func selectionIsForgottenWhenTheSlideOrPeriodChanges() {
        var selected = UIState(pane: .review)
        selected.selection[.review] = RowSelection(id: "pool:x", index: 2)
        selected.scroll[.review] = 1
        var expected = UIState(pane: .review)
        expected.review.slide = .queues
        #expect(after(.right, from: selected) == expected)
        var compared = selected
        compared.review.compare = .previous
        #expect(after(.char("c"), from: selected) == compared, "a comparison keeps the rows")
    }

    @Test func compareCyclesNonePreviousYearEarlier() {
        #expect(after(.char("c")).review.compare == .previous)
        #expect(after(.char("c"), .char("c")).review.compare == .yearEarlier)
        #expect(after(.char("c"), .char("c"), .char("c")) == UIState(pane: .review))
        var ui = UIState(pane: .review)
        ui.review.compare = .yearEarlier
        #expect(ReviewRequest(ui.review, fleetNow: ctx.state.now).compare == month(2025, 10))
    }

    @Test func freezePinsTheMomentAndThePeriod() {
        var frozen = UIState(pane: .review)
        frozen.review.frozenAt = ctx.state.now
        frozen.review.period = month(2026, 10)
        #expect(after(.char("f")) == frozen)
        var live = frozen
        live.review.frozenAt = nil
        #expect(after(.char("f"), from: frozen) == live)
        // Frozen, the numbers are as of the moment (not the hour it is in), and a later clock changes nothing.
        let request = ReviewRequest(frozen.review, fleetNow: ctx.state.now + 7200)
        #expect(request.asOf == Int(ctx.state.now) && request.frozen && request.period == month(2026, 10))
        #expect(ReviewRequest(live.review, fleetNow: ctx.state.now + 1800).asOf == Int(ctx.state.now) / 3600 * 3600)
    }

    @Test func reviewCommandOpensAPeriodOrNamesTheProblem() {
        var quarter = UIState(pane: .review)
        quarter.backStack = [.overview]
        quarter.review.period = ReviewPeriod(.quarter(year: 2026, quarter: 3))
        #expect(typed("review 2026-Q3") == quarter)
        #expect(typed("review 2026-11").review.period == month(2026, 11))
        #expect(typed("review 2026-W45").review.period == ReviewPeriod(.isoWeek(year: 2026, week: 45)))
        var bad = UIState()
        bad.message = "review: period \"2026-Q5\", column 7: quarter must be 1–4"
        #expect(typed("review 2026-Q5") == bad)
        #expect(typed("review").pane == .review, ":review alone opens the pane")
    }

    @Test func enterDrillsFromARowIntoTheLivePaneFilteredToIt() throws {
        var ui = UIState(pane: .review)
        ui.review.slide = .teams
        let ids = ReviewPane.ids(ui: ui, ctx: ctx)
        let team = try #require(ids.first)
        #expect(team.hasPrefix("team:"))
        let jobs = after(.enter, from: ui)
        #expect(jobs.pane == .jobs && jobs.jobScope == UIState.JobScope(team: String(team.dropFirst(5))) && jobs.backStack == [.review])
        ui.review.slide = .queues
        let classRow = try #require(ReviewPane.ids(ui: ui, ctx: ctx).firstIndex { $0.hasPrefix("class:") })
        let down = (0..<classRow).reduce(ui) { u, _ in after(.down, from: u) }
        let classJobs = after(.enter, from: down)
        #expect(classJobs.pane == .jobs && classJobs.jobScope?.priorityClass != nil)
        ui.review.slide = .capacity
        let pool = try #require(ReviewPane.ids(ui: ui, ctx: ctx).firstIndex { $0.hasPrefix("pool:") })
        let gpus = after(.enter, from: (0..<pool).reduce(ui) { u, _ in after(.down, from: u) })
        #expect(gpus.pane == .gpus && gpus.filters[.gpus].map { !$0.isEmpty } == true)
    }

    @Test func helpAndHintsComeFromTheKeyMap() {
        let help = KeyMap.helpLines(readOnly: false).joined(separator: "\n")
        for binding in KeyMap.reviewBindings {
            #expect(help.contains(KeyMap.hintText(binding)), "\(binding.label)")
        }
        let hints = KeyMap.hints(for: .review, readOnly: false)
        #expect(!hints.contains { $0.key == "q" }, "q picks a quarter here: no 'q quit' hint")
        #expect(hints.contains { $0.key == "→" } && hints.contains { $0.key == "c" } && hints.contains { $0.key == "f" })
    }

    @Test func snapshotIsTheReportsJSON() throws {
        let ui = UIState(pane: .review)
        guard case .ready(_, let pack) = ctx.review else { Issue.record("no pack"); return }
        let snapshot = ReviewPane.snapshot(ui: ui, ctx: ctx)
        #expect(snapshot["status"] as? String == "ready" && snapshot["period"] as? String == "2026-10")
        let review = try #require(snapshot["review"] as? [String: Any])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(ReviewData.json(pack).utf8)) as? NSDictionary)
        let viaSnapshot = try JSONSerialization.jsonObject(with: Data(PaneSnapshot.json(pane: .review, ui: ui, ctx: ctx).utf8)) as? [String: Any]
        #expect(NSDictionary(dictionary: review).isEqual(report))
        #expect((viaSnapshot?["review"] as? NSDictionary)?.isEqual(report) == true)
    }

    @Test func theFrameSaysLoadingUntilThePackOfItsPeriodArrivesAndMissingNeverReadsZero() {
        var ui = UIState(pane: .review)
        ui.review.period = month(2025, 1)  // before any history: every figure missing
        var loading = ctx
        loading.review = .loading(ReviewRequest(ui.review, fleetNow: ctx.state.now))
        let text = Screen.compose(ui: ui, ctx: loading, width: 100, height: 30).lines().joined(separator: "\n")
        #expect(text.contains("loading 2025-01 from the KPI history"))
        #expect(ReviewPane.snapshot(ui: ui, ctx: ctx)["status"] as? String == "loading", "the pack in hand is another period's")
        var loaded = ctx
        loaded.review = GoldenFrameTests.review(ui)
        let empty = Screen.compose(ui: ui, ctx: loaded, width: 100, height: 30).lines().joined(separator: "\n")
        #expect(empty.contains("missing") && !empty.contains(" 0.0 %"))
    }
}

extension UIState {
    /// The state after typing `text` and Enter in command mode.
    func typing(_ text: String, ctx: FrameContext) -> UIState {
        var ui = self
        for c in text { UIController.handle(.key(.char(c)), ui: &ui, ctx: ctx) }
        UIController.handle(.key(.enter), ui: &ui, ctx: ctx)
        return ui
    }
}

import FleetCore
import FleetTUI
import Testing
@testable import FleetPanes

@Suite struct InteractionTests {
    func ctx() throws -> FrameContext { try GoldenFrameTests.context(theme: "default") }

    func press(_ keys: [Key], _ ui: inout UIState, _ ctx: FrameContext) {
        for k in keys { UIController.handle(.key(k), ui: &ui, ctx: ctx) }
    }

    @Test func commandModeOpensPanesWithCompletion() throws {
        let c = try ctx()
        var ui = UIState()
        press([.char(":"), .char("t"), .char("e"), .tab], &ui, c)
        #expect(ui.mode == .command("teams"))
        press([.enter], &ui, c)
        #expect(ui.pane == .teams && ui.mode == .normal)
        press([.escape], &ui, c)
        #expect(ui.pane == .overview)
        press([.char(":"), .char("b"), .char("o"), .char("g"), .enter], &ui, c)
        #expect(ui.message?.contains("unknown command") == true)
        press([.char(":"), .char("q"), .enter], &ui, c)
        #expect(ui.quitRequested)
    }

    @Test func filterNarrowsAndInvertsJobs() throws {
        let c = try ctx()
        var ui = UIState(pane: .jobs)
        let all = JobsPane.rows(ui: ui, ctx: c)
        press([.char("/")] + "running".map { .char($0) } + [.enter], &ui, c)
        let running = JobsPane.rows(ui: ui, ctx: c)
        #expect(!running.isEmpty && running.count < all.count)
        ui.filters[.jobs] = "!running"
        let notRunning = JobsPane.rows(ui: ui, ctx: c)
        #expect(running.count + notRunning.count == all.count)
        press([.escape], &ui, c)  // Esc clears the filter first.
        #expect(ui.filters[.jobs] == nil && ui.pane == .jobs)
    }

    @Test func drillDownFromQueueClassAndTeam() throws {
        let c = try ctx()
        var ui = UIState()
        press([.down, .down, .down, .enter], &ui, c)  // Fourth class: training.
        #expect(ui.pane == .jobs && ui.jobScope?.priorityClass == "training")
        #expect(JobsPane.rows(ui: ui, ctx: c).allSatisfy { $0.cells[3].text == "training" })
        press([.enter], &ui, c)
        #expect(ui.overlay == .job(JobsPane.rows(ui: ui, ctx: c)[0].id))
        press([.escape, .escape], &ui, c)
        #expect(ui.pane == .overview && ui.jobScope == nil)
        press([.tab, .tab, .tab], &ui, c)
        #expect(ui.pane == .teams)
        press([.enter], &ui, c)
        #expect(ui.overlay == .team(c.state.org.teams[0].name))
        let detail = TeamDetail.lines(team: c.state.org.teams[0].name, ctx: c)
        #expect(detail.contains { $0.hasPrefix("quota") } && detail.contains { $0.hasPrefix("budget") })
        press([.char("j")], &ui, c)
        #expect(ui.overlay == nil && ui.pane == .jobs && ui.jobScope?.team == c.state.org.teams[0].name)
    }

    @Test func queuesGroupByQueueOrClassAndDrillDown() throws {
        let c = try ctx()
        var ui = UIState(pane: .queues)
        let byQueue = QueuesPane.rows(ui: ui, ctx: c)
        #expect(!byQueue.isEmpty)
        press([.char("c")], &ui, c)
        #expect(ui.queueGrouping == .priorityClass)
        // Grouped by class every policy class has a row, pending or not.
        #expect(QueuesPane.rows(ui: ui, ctx: c).count == c.state.priorityClasses.count)
        press([.char("c"), .enter], &ui, c)
        #expect(ui.pane == .jobs && ui.jobScope?.queue == byQueue[0].id)
        let scoped = JobsPane.rows(ui: ui, ctx: c)
        #expect(!scoped.isEmpty && scoped.allSatisfy { $0.cells[10].text == byQueue[0].id })
        // The first queue (most pending GPUs) lists exactly its pending jobs in the jobs pane.
        #expect(scoped.count { $0.cells[4].text == "pending" } == Int(byQueue[0].cells[1].text))
    }

    @Test func helpAndHintsComeFromTheKeyMap() throws {
        let c = try ctx()
        var ui = UIState()
        press([.char("?")], &ui, c)
        #expect(ui.overlay == .help(firstLine: 0))
        let frame = Screen.compose(ui: ui, ctx: c, width: 160, height: 50)
        let text = frame.lines().joined(separator: "\n")
        // Every key, the dialogs' and forms' included, with its label.
        for binding in KeyMap.bindings(readOnly: false) { #expect(text.contains(KeyMap.hintText(binding)) || text.contains(binding.label)) }
        #expect(text.contains("^C quit") && text.contains("j this team's jobs") && text.contains("Esc cancel") && text.contains("y/Y yes, do it"))
        press([.escape], &ui, c)
        #expect(ui.overlay == nil)
    }

    @Test func everySizeDownToOneByOneRenders() throws {
        let c = try ctx()
        for pane in Pane.allCases {
            for w in [1, 2, 10, 49, 50, 60, 80] {
                for h in [1, 2, 11, 12, 15, 24] {
                    let frame = Screen.compose(ui: UIState(pane: pane), ctx: c, width: w, height: h)
                    #expect(frame.width == w && frame.height == h)
                }
            }
        }
        let small = Screen.compose(ui: UIState(), ctx: c, width: 40, height: 10).lines().joined()
        #expect(small.contains("terminal too small: 40×10, need 50×12"))
    }

    @Test func emptyStateSaysDataIsMissing() throws {
        var c = try ctx()
        c.state = FleetState()
        c.kpis = FleetKPIs.derive(from: c.state, wallNow: 0)
        let overview = Screen.compose(ui: UIState(), ctx: c, width: 120, height: 30).lines().joined(separator: "\n")
        #expect(overview.contains("no fleet yet"))
        #expect(overview.contains("none live yet"))
        let jobs = Screen.compose(ui: UIState(pane: .jobs), ctx: c, width: 120, height: 30).lines().joined(separator: "\n")
        #expect(jobs.contains("no jobs reported"))
    }

    @Test func sortByColumnNumericallyAndReverse() throws {
        let c = try ctx()
        var ui = UIState(pane: .teams)
        // "," from natural order lands on the last column; step back to $/H (index 8).
        press(Array(repeating: .char(","), count: TeamsPane.columns.count - 8), &ui, c)
        #expect(ui.sort[.teams] == ListSort(column: 8, descending: false))
        // The order is the model's cost per hour, not anything read from the cells.
        let costs = Dictionary(uniqueKeysWithValues: c.state.teamUsage.indices.map { (c.state.org.teams[$0].name, c.state.teamUsage[$0].costPerHour) })
        let ascending = TeamsPane.rows(ui: ui, ctx: c).map { costs[$0.id] ?? -1 }
        #expect(ascending == ascending.sorted() && ascending.count == c.state.org.teams.count)
        press([.char("r")], &ui, c)
        let descending = TeamsPane.rows(ui: ui, ctx: c).map { costs[$0.id] ?? -1 }
        #expect(descending == ascending.sorted(by: >))
        let frame = Screen.compose(ui: ui, ctx: c, width: 160, height: 30).lines().joined(separator: "\n")
        #expect(frame.contains("$/H▼") && frame.contains("sorted by $/H▼"))
    }
}

@Suite struct ForecastScenarioTests {
    @Test func scenarioKeysAndArithmetic() {
        var s = ForecastScenario()
        let points = (1...720).map { _ in ForecastPoint(mean: 100, low: 90, high: 110) }
        #expect(s.value(points, hoursAhead: 720, \.mean) == 100)
        s.growthPercent = 20
        #expect(s.value(points, hoursAhead: 720, \.mean) == 120)
        #expect(abs((s.value(points, hoursAhead: 360, \.mean) ?? 0) - 110) < 1e-9)
        s.mixtureOfExperts = true
        s.newModelGPUs = 64
        #expect(abs((s.value(points, hoursAhead: 720, \.mean) ?? 0) - (120 * 0.6 + 64)) < 1e-9)
        s.accelerated = true
        #expect(s.value(points, hoursAhead: 360, \.mean) != nil)
        #expect(s.value(points, hoursAhead: 361, \.mean) == nil)  // twice as fast: past the fitted horizon
        #expect(s.summary.contains("+20% growth/30d") && s.summary.contains("timeline ×2"))
    }
}

@Suite struct GovernanceInteractionTests {
    func ctx() throws -> FrameContext {
        var c = try GoldenFrameTests.context(theme: "default")
        c.identity = "carol"
        return c
    }

    func press(_ keys: [Key], _ ui: inout UIState, _ c: FrameContext) {
        for k in keys { UIController.handle(.key(k), ui: &ui, ctx: c) }
    }

    @Test func approveTakesAReasonAndAnExplicitYes() throws {
        let c = try ctx()
        var ui = UIState(pane: .approvals)
        let ids = ApprovalsPane.rows(ui: ui, ctx: c).map(\.id)
        #expect(ids.prefix(2) == ["R-2", "R-1"])  // critical before high; the approved one after the open ones
        press([.char("a")], &ui, c)
        #expect(ui.form?.title.hasPrefix("approve R-2") == true)
        press([.enter], &ui, c)
        #expect(ui.form?.error == "reason is required" && ui.form?.confirming == false)
        press("ok".map { Key.char($0) } + [.enter], &ui, c)
        #expect(ui.form?.confirming == true)
        press([.enter], &ui, c)  // the default answer goes back to editing
        #expect(ui.form?.confirming == false && ui.intent == nil)
        press([.enter, .char("y")], &ui, c)
        #expect(ui.form == nil)
        #expect(ui.intent == .act(.approve, id: "R-2", reason: "ok"))
        let frame = Screen.compose(ui: UIState(pane: .approvals), ctx: c, width: 160, height: 30).lines().joined(separator: "\n")
        #expect(frame.contains("a approve") && frame.contains("  -5m "))
    }

    @Test func readOnlyHasNoActionsAndTheRequesterIsRefusedEarly() throws {
        var c = try ctx()
        c.readOnly = true
        var ui = UIState(pane: .approvals)
        press([.char("a"), .char("n")], &ui, c)
        #expect(ui.form == nil)
        let frame = Screen.compose(ui: ui, ctx: c, width: 160, height: 30).lines().joined(separator: "\n")
        #expect(!frame.contains("a approve"))
        c.readOnly = false
        c.identity = "fraud-lead"
        press([.char("a")], &ui, c)
        #expect(ui.form == nil && ui.message == "fraud-lead filed R-2; someone else must decide it")
    }

    @Test func newRequestFormBuildsADraft() throws {
        let c = try ctx()
        var ui = UIState(pane: .approvals)
        press([.char("n"), .right, .tab, .right, .tab], &ui, c)  // kind → priority, team → vision
        press("8".map { Key.char($0) } + [.tab] + "4".map { Key.char($0) }, &ui, c)
        press(Array(repeating: Key.tab, count: 5) + "eval".map { Key.char($0) } + [.enter, .char("y")], &ui, c)
        guard case .file(let draft)? = ui.intent else { Issue.record("no draft: \(String(describing: ui.form))"); return }
        #expect(draft.kind == .priority && draft.team == "vision" && draft.gpus == 8 && draft.hours == 4 && draft.justification == "eval")
    }

    @Test func alertsAckAndSilencePrefillFromTheAlert() throws {
        let c = try ctx()
        var ui = UIState(pane: .alerts)
        let rows = AlertsPane.alertRows(ctx: c)
        #expect(rows.contains { $0.state == .acked && $0.ack?.by == "bob" })
        let firing = try #require(AlertsPane.rows(ui: ui, ctx: c).first { r in rows.first { $0.fingerprint == r.id }?.state == .firing })
        ui.selection[.alerts] = RowSelection(id: firing.id, index: 0)
        press([.char("s")], &ui, c)
        let matchers = ui.form?.fields.first?.value ?? ""
        #expect(matchers.hasPrefix("alertname=") && matchers.contains(" subject="))
        press([.tab, .tab] + "maintenance".map { Key.char($0) } + [.enter, .char("y")], &ui, c)
        guard case let .silence(m, seconds, comment)? = ui.intent else { Issue.record("no silence intent"); return }
        #expect(m.count == 2 && seconds == 7200 && comment == "maintenance")
    }
}

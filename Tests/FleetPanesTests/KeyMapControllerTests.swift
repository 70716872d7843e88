import FleetCore
import FleetTUI
import Testing
@testable import FleetPanes

/// Keys over dialogs and in forms come from the key map: send one, assert the exact change of UI state.
@Suite struct KeyMapControllerTests {
    func ctx(readOnly: Bool = false) throws -> FrameContext {
        var c = try GoldenFrameTests.context(theme: "default")
        c.readOnly = readOnly
        return c
    }

    /// A UI state on `pane` with `overlay`, `mode` or `form`.
    func state(_ pane: Pane = .overview, overlay: Overlay? = nil, mode: UIState.Mode = .normal, form: GovernanceForm? = nil) -> UIState {
        var ui = UIState(pane: pane)
        ui.overlay = overlay
        ui.mode = mode
        ui.form = form
        return ui
    }

    /// The state after `key`.
    func after(_ key: Key, _ ui: UIState, _ c: FrameContext) -> UIState {
        var ui = ui
        UIController.handle(.key(key), ui: &ui, ctx: c)
        return ui
    }

    @Test func ctrlCQuitsFromEveryMode() throws {
        let c = try ctx()
        let states = [UIState(pane: .jobs), state(overlay: .help(firstLine: 0)), state(mode: .command("te")), state(mode: .filter("gpu")),
                      state(form: GovernanceForm.ack(alert: "a1", subject: "s"))]
        for ui in states {
            var expected = ui
            expected.quitRequested = true
            #expect(after(.ctrl("c"), ui, c) == expected)
        }
        #expect(KeyMap.action(for: .ctrl("c"), in: .anywhere, readOnly: true) == .quit)
    }

    @Test func everyCloseKeyOfTheMapClosesAnOverlayAndNothingElse() throws {
        let c = try ctx()
        let close = try #require(KeyMap.scopeBindings(.overlay, readOnly: false).first { $0.action == .closeOverlay })
        #expect(close.keys == [.escape, .char("q"), .enter, .char("?")])
        for key in close.keys {
            let ui = state(.gpus, overlay: .job("j-1"))
            var expected = ui
            expected.overlay = nil
            #expect(after(key, ui, c) == expected)
        }
        // A key the overlay does not bind changes nothing.
        let open = state(.gpus, overlay: .job("j-1"))
        #expect(after(.char("x"), open, c) == open)
    }

    @Test func helpScrollsByLineAndPageWithinItsLines() throws {
        let c = try ctx()
        var ui = UIState()
        UIController.handle(.resize(width: 80, height: 24), ui: &ui, ctx: c)
        let lines = KeyMap.helpLines(readOnly: false).count
        // 24 rows: 20 of body, less the dialog's border, button rows and footer.
        let page = 15
        #expect(HelpOverlay.pageHeight(on: ui.screen) == page && lines > page, "the help must not fit 80×24 for this test to mean anything")
        ui = after(.char("?"), ui, c)
        #expect(ui.overlay == .help(firstLine: 0))
        let steps: [(Key, Int)] = [(.down, 1), (.char("j"), 2), (.up, 1), (.char("k"), 0), (.up, 0), (.pageDown, page), (.end, page), (.pageUp, 0)]
        for (key, expected) in steps {
            var want = ui
            want.overlay = .help(firstLine: expected)
            ui = after(key, ui, c)
            #expect(ui == want, "after \(key)")
        }
        for _ in 0..<10 { ui = after(.pageDown, ui, c) }
        #expect(ui.overlay == .help(firstLine: lines - page), "the last page ends on the last line")
        var closed = ui
        closed.overlay = nil
        #expect(after(.char("q"), ui, c) == closed)
        // On a screen where it fits, scrolling stays on the first line.
        var tall = UIState()
        UIController.handle(.resize(width: 160, height: 60), ui: &tall, ctx: c)
        tall = after(.pageDown, after(.char("?"), tall, c), c)
        #expect(tall.overlay == .help(firstLine: 0))
    }

    @Test func helpFooterNamesTheScrollKeysOfTheKeyMap() {
        let dialog = HelpOverlay.dialog(firstLine: 3, size: ScreenSize(width: 80, height: 24), readOnly: false)
        let lines = KeyMap.helpLines(readOnly: false)
        #expect(dialog.body.first == lines[3] && dialog.body.count == 16)
        #expect(dialog.body.last == "lines 4–18 of \(lines.count) · ↓/j ↑/k PgDn PgUp scroll · Esc/q/Enter/? close")
    }

    @Test func enterOnAnAlertOpensThePaneOfItsRule() throws {
        let c = try ctx()
        let idle = try #require(AlertsPane.alertRows(ctx: c).first { $0.origin == .rule(.idleGPUs) })
        var ui = UIState(pane: .alerts)
        let ids = AlertsPane.ids(ui: ui, ctx: c)
        ui.selection[.alerts] = RowSelection(id: idle.fingerprint, index: try #require(ids.firstIndex(of: idle.fingerprint)))
        var expected = ui
        expected.pane = .idle
        expected.backStack = [.alerts]
        #expect(after(.enter, ui, c) == expected)
        // The message names where to look, from the key map; the core's text does not.
        #expect(!idle.message.contains(":idle"))
        #expect(AlertsPane.rows(ui: ui, ctx: c).first { $0.id == idle.fingerprint }?.cells[4].text.hasSuffix("(:idle)") == true)
    }

    @Test func jOverATeamOpensItsJobs() throws {
        let c = try ctx()
        let ui = state(.teams, overlay: .team("nlp"))
        var expected = ui
        expected.overlay = nil
        expected.backStack = [.teams]
        expected.pane = .jobs
        expected.jobScope = UIState.JobScope(team: "nlp")
        #expect(after(.char("j"), ui, c) == expected)
        // Over another detail, j does nothing.
        let job = state(.jobs, overlay: .job("j-1"))
        #expect(after(.char("j"), job, c) == job)
    }

    @Test func formKeysMoveFocusReviewCancelAndConfirm() throws {
        let c = try ctx()
        let form = GovernanceForm.request(teams: ["nlp", "vision"])
        let ui = state(form: form)
        var next = ui
        next.form?.focus = 1
        #expect(after(.tab, ui, c) == next)
        #expect(after(.down, ui, c) == next)
        var previous = ui
        previous.form?.focus = form.fields.count - 1
        #expect(after(.backTab, ui, c) == previous)
        var chosen = ui
        chosen.form?.fields[0].value = RequestKind.allCases[1].rawValue
        #expect(after(.right, ui, c) == chosen)
        var cancelled = ui
        cancelled.form = nil
        #expect(after(.escape, ui, c) == cancelled)
        // Enter reviews: the justification is required, so the form says so instead of confirming.
        let reviewed = after(.enter, ui, c)
        #expect(reviewed.form?.confirming == false && reviewed.form?.error != nil)

        var ack = state(form: GovernanceForm.ack(alert: "a1", subject: "s"))
        ack.form?.fields[0].value = "on it"
        let confirming = after(.enter, ack, c)
        #expect(confirming.form?.confirming == true)
        var back = confirming
        back.form?.confirming = false
        for key in [Key.enter, .char("n"), .escape, .char("q")] { #expect(after(key, confirming, c) == back) }
        var done = confirming
        done.form = nil
        done.intent = .ack(alert: "a1", comment: "on it")
        done.message = "working…"
        #expect(after(.char("y"), confirming, c) == done)
    }

    @Test func dialogsShowTheirKeysFromTheMap() throws {
        let c = try ctx()
        let team = try #require(c.state.org.teams.first?.name)
        let teamFrame = Screen.compose(ui: state(.teams, overlay: .team(team)), ctx: c, width: 160, height: 50).lines().joined()
        #expect(teamFrame.contains("j this team's jobs · Esc/q/Enter/? close"))
        let request = state(.approvals, overlay: .request("R-1"))
        let requestFrame = Screen.compose(ui: request, ctx: c, width: 160, height: 50).lines().joined()
        #expect(requestFrame.contains("a approve · x deny · e escalate · i ask for info · w withdraw yours · Esc/q/Enter/? close"))
        let readOnly = Screen.compose(ui: request, ctx: try ctx(readOnly: true), width: 160, height: 50).lines().joined()
        #expect(readOnly.contains("Esc/q/Enter/? close (read-only)") && !readOnly.contains("a approve"))
        let formFrame = Screen.compose(ui: state(form: GovernanceForm.ack(alert: "a1", subject: "s")), ctx: c, width: 160, height: 50)
            .lines().joined()
        #expect(formFrame.contains("Tab/↓ next field · S-Tab/↑ prev. field · ← prev. choice · → next choice · Enter review · Esc cancel"))
    }
}

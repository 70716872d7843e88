import ArgumentParser
import FleetCore
import FleetPanes
import FleetTerminal
import FleetTUI
import Foundation

/// `fleetdeck [dashboard]`: the full-screen live dashboard.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dashboard", abstract: "Open the live dashboard (default).")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var feedOptions: FeedOptions
    @OptionGroup var display: DisplayOptions

    func run() throws {
        if let problem = TerminalCheck.problem() {
            Console.error("fleetdeck: \(problem)")
            throw ExitCode(2)
        }
        installTerminationHandlers()
        let backend = NcursesBackend()
        defer { backend.shutdown() }
        let (theme, themeNotice) = ThemeSelection.resolve(display.theme, colorCount: backend.colorCount)
        let address = try storeOptions.address(for: feedOptions)
        // A big store takes a moment to open: say so at once instead of a blank terminal.
        backend.present(Self.openingFrame(address: address, theme: theme, size: backend.size))
        let session: Session
        do {
            // `--read-only` only follows: it never takes the writer lease (nor runs the simulator) in anyone's place.
            session = try Session(address: address, feeds: feedOptions, takesOverWhenFree: !display.readOnly)
        } catch {
            backend.shutdown()
            Console.error("fleetdeck: \(error)")
            throw ExitCode(1)
        }
        defer { session.close() }
        var loop = DashboardLoop(session: session, backend: backend, theme: theme, readOnly: display.readOnly || session.isReadOnlyStore,
                                 speed: feedOptions.speed, themeNotice: themeNotice)
        try loop.run()
    }

    /// The frame shown while the store opens: the header and what is loading.
    static func openingFrame(address: StoreAddress, theme: Theme, size: (Int, Int)) -> CellBuffer {
        let now = Date().timeIntervalSince1970
        let empty = FleetState()
        let ctx = FrameContext(state: empty, kpis: FleetKPIs.derive(from: empty, wallNow: now), theme: theme, wallNow: now,
                               role: "opening", readOnly: true, simulationSpeed: nil, notice: nil,
                               progress: LoadProgress(stage: .openingStore(path: address.description, fileBytes: address.fileBytes), elapsedSeconds: 0))
        return Screen.compose(ui: UIState(), ctx: ctx, width: size.0, height: size.1)
    }
}

/// The UI loop: pump the store, read keys, redraw when something changed or the clock ticked.
struct DashboardLoop {
    let session: Session
    let backend: NcursesBackend
    let theme: Theme
    let readOnly: Bool
    let speed: Double
    let themeNotice: String?
    /// Rows derived from the session's state, kept while it does not change (the loop's, so frames stay pure).
    let cache = FrameCache()
    /// `:review`'s pack, loaded in the background when its period changes.
    let reviews = ReviewLoader()
    var ui = UIState()

    init(session: Session, backend: NcursesBackend, theme: Theme, readOnly: Bool, speed: Double, themeNotice: String?) {
        self.session = session
        self.backend = backend
        self.theme = theme
        self.readOnly = readOnly
        self.speed = speed
        self.themeNotice = themeNotice
    }

    mutating func run() throws {
        var kpis = FleetKPIs.derive(from: session.shownState, wallNow: now())
        var kpiVersion = session.shownState.version
        var lastKPIAt = now()
        var dirty = true
        var lastDraw = 0.0
        var lastGovernance = 0.0
        while terminationSignal.load(ordering: .relaxed) == 0, !ui.quitRequested {
            if try session.pump() { dirty = true }
            if now() - lastGovernance >= 2 {
                session.governanceTick(now: now())
                lastGovernance = now()
            }
            // KPIs are derived at most 4 times a second, not per frame: a 100,000-GPU pass is not free.
            let shown = session.shownState
            if shown.version != kpiVersion, now() - lastKPIAt >= 0.25 || dirty {
                kpis = FleetKPIs.derive(from: shown, wallNow: now())
                kpiVersion = shown.version
                lastKPIAt = now()
            }
            // The review loads only while it is shown: a period change (or a closed hour, live) starts it once.
            if ui.pane == .review, reviews.update(ui.review, session: session) { dirty = true }
            if dirty || now() - lastDraw >= 1 {
                let ctx = context(kpis: kpis)
                let (w, h) = backend.size
                // Page keys move by the rows that fit: the controller learns the size before the first key.
                if ui.screen != ScreenSize(width: w, height: h) { UIController.handle(.resize(width: w, height: h), ui: &ui, ctx: ctx) }
                backend.present(Screen.compose(ui: ui, ctx: ctx, width: w, height: h))
                lastDraw = now()
                dirty = false
            }
            guard let event = backend.nextInput(timeoutMilliseconds: 100) else { continue }
            var next: InputEvent? = event
            // Take everything already typed before drawing again.
            while let e = next {
                UIController.handle(e, ui: &ui, ctx: context(kpis: kpis))
                if let intent = ui.intent {
                    // Reported done only once committed to disk (perform returns after the fsynced commit).
                    ui.intent = nil
                    ui.message = session.perform(intent, alerts: AlertsPane.rows(kpis: kpis, state: session.shownState, wallNow: now()))
                    kpis = FleetKPIs.derive(from: session.shownState, wallNow: now())
                    kpiVersion = session.shownState.version
                }
                next = ui.quitRequested ? nil : backend.nextInput(timeoutMilliseconds: 0)
            }
            dirty = true
        }
    }

    private func now() -> Double { Date().timeIntervalSince1970 }

    private func context(kpis: FleetKPIs) -> FrameContext {
        var ctx = FrameContext(state: session.shownState, kpis: kpis, theme: theme, wallNow: now(),
                     role: session.roleDescription, readOnly: readOnly, simulationSpeed: session.isWriter && !session.feeds.hasLiveFeeds ? speed : nil,
                     notice: session.notice ?? themeNotice, identity: session.identity, cache: cache, progress: session.loadProgress(now: now()))
        ctx.storeStale = session.storeStaleness
        ctx.review = reviews.load
        return ctx
    }
}

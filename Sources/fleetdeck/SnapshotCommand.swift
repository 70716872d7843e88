import ArgumentParser
import FleetCore
import FleetFeeds
import FleetPanes
import FleetTUI
import Foundation

/// `fleetdeck snapshot`: one frame (or the pane's values as JSON) from the same render code, without a terminal.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Print one frame of a pane as text, or its values as JSON.",
        discussion: """
            With --at-sim-minute the simulator runs in memory from minute 0 to N (the store is not touched) and the \
            output is reproducible for a given --seed. Otherwise the store is opened like the dashboard does and the \
            snapshot waits for the first complete update of each feed.
            """)

    @Option(name: .long, help: "Pane to print: \(Pane.allCases.map(\.rawValue).joined(separator: ", ")).")
    var pane: String = "overview"
    @Option(name: .long, parsing: .unconditional, help: "Frame width.") var width: Int = 120
    @Option(name: .long, parsing: .unconditional, help: "Frame height.") var height: Int = 40
    @Flag(name: .long, help: "Print the pane's values as JSON instead of text.") var json = false
    @Option(name: .long, help: "The review pane's period: 2026-11, 2026-Q4, 2026-W45, 2026 or last-30d (default: the last whole month).")
    var period: String?
    @Option(name: .long, help: "What the review pane compares with: none, previous or year_earlier.") var compare: ReviewCompare = .none
    @Flag(name: .long, help: "Append the style legend and map (the golden-file format).") var styles = false
    @Option(name: .long, parsing: .unconditional, help: "Simulate in memory up to this fleet minute, for reproducible output.") var atSimMinute: Int?
    @Option(name: .long, parsing: .unconditional, help: "Seconds to wait for each feed's first complete update.") var timeout: Double = 15
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var feedOptions: FeedOptions
    @OptionGroup var display: DisplayOptions

    func validate() throws {
        guard Pane.named(pane) != nil else { throw ValidationError("unknown pane '\(pane)'; one of: \(Pane.allCases.map(\.rawValue).joined(separator: ", "))") }
        guard width > 0, height > 0, width <= 1000, height <= 1000 else { throw ValidationError("--width/--height must be 1…1000") }
        if let atSimMinute, !(0...Self.maxSimMinute).contains(atSimMinute) {
            throw ValidationError("--at-sim-minute must be 0…\(Self.maxSimMinute) (one year)")
        }
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be 0…3600 seconds") }
        if let period {
            do { _ = try ReviewPeriod.parse(period, now: Date().timeIntervalSince1970) } catch { throw ValidationError("--period: \(error)") }
        }
    }

    /// The furthest `--at-sim-minute`: a year of fleet time.
    static let maxSimMinute = 525_600

    func run() throws {
        var state: FleetState
        let wallNow: Double
        var role = "snapshot"
        let paneValue = Pane.named(pane) ?? .overview
        var ui = UIState(pane: paneValue)
        var review: ReviewLoad?
        if let minute = atSimMinute {
            state = try feedOptions.replay != nil ? replayed(until: minute) : simulated(until: minute)
            wallNow = state.now  // reproducible output: the "wall clock" is the fleet clock
        } else {
            let session = try waitForFeeds()
            defer { session.close() }
            (state, role) = (session.state, session.roleDescription)
            wallNow = Date().timeIntervalSince1970
            if paneValue == .review {
                ui.review = try reviewSelection(now: state.now)
                review = ReviewLoader.loadNow(ReviewRequest(ui.review, fleetNow: state.now), session: session)
            }
        }
        if let path = feedOptions.alertmanagerFile {
            var source = AlertmanagerSource(path: path)
            state.apply(AlertmanagerPayload.events(source.poll().result, new: true, feed: source.feedName, at: wallNow,
                                                   intervalSeconds: AlertmanagerSource.intervalSeconds))
            let record = state.feeds.first { $0.name == source.feedName }
            if FeedReports.report(record, since: wallNow) == .failed {
                Console.error(FeedReports.statusLine(name: source.feedName, record: record, since: wallNow, timeout: timeout))
                throw ExitCode(3)
            }
        }
        let (theme, notice) = ThemeSelection.resolve(display.theme, colorCount: 256)
        if let notice { Console.error("fleetdeck: \(notice)") }
        var ctx = FrameContext(state: state, kpis: FleetKPIs.derive(from: state, wallNow: wallNow), theme: theme, wallNow: wallNow,
                               role: role,
                               readOnly: display.readOnly || role == "read-only store",
                               simulationSpeed: feedOptions.hasLiveFeeds ? nil : feedOptions.speed, notice: nil)
        if paneValue == .review, atSimMinute != nil {
            ui.review = try reviewSelection(now: state.now)
            review = .failed(ReviewRequest(ui.review, fleetNow: state.now), "--at-sim-minute simulates in memory: there is no store with KPI history")
        }
        ctx.review = review
        if json {
            print(PaneSnapshot.json(pane: paneValue, ui: ui, ctx: ctx))
        } else {
            let frame = Screen.compose(ui: ui, ctx: ctx, width: width, height: height)
            print(styles ? frame.goldenText() : frame.lines().map { String($0.reversed().drop { $0 == " " }.reversed()) }
                .joined(separator: "\n"))
        }
    }

    /// The review's slide-1 selection for `--period` and `--compare`.
    private func reviewSelection(now: Double) throws -> ReviewSelection {
        var selection = ReviewSelection()
        selection.compare = compare
        if let period {
            do { selection.period = try ReviewPeriod.parse(period, now: now) } catch { throw ValidationError("--period: \(error)") }
        }
        return selection
    }

    /// The simulator run in memory from minute 0 to `minute`.
    private func simulated(until minute: Int) throws -> FleetState {
        let simulator = FleetSimulator(config: feedOptions.simulatorConfig)
        var s = FleetState()
        s.apply(simulator.genesis())
        var policy = feedOptions.policy.map(PolicyWatcher.init)
        if var watcher = policy {
            s.apply(watcher.poll(state: s, now: s.now))
            policy = watcher
        }
        simulator.run(&s, until: simulator.config.epoch + Double(minute) * 60)
        if var watcher = policy { s.apply(watcher.poll(state: s, now: s.now)) }  // A current status for the header.
        s.apply(.feedStatus(FeedStatus(name: SimulatorFeed.feedName, kind: "simulator", at: s.now,
                                       intervalSeconds: simulator.config.tickSeconds / feedOptions.speed, ok: true)))
        return s
    }

    /// The `--replay` trace replayed in memory up to `minute` of trace time (or its end).
    private func replayed(until minute: Int) throws -> FleetState {
        guard let trace = try feedOptions.replayTrace(), let path = feedOptions.replay else { return FleetState() }
        var replayer = TraceReplayer(trace: trace, epoch: ReplayFeed.epoch)
        var s = FleetState()
        s.apply(replayer.genesis(policy: PolicySpec.withoutPolicyFile()) + [.clock(at: ReplayFeed.epoch)])
        if var watcher = feedOptions.policy.map(PolicyWatcher.init) { s.apply(watcher.poll(state: s, now: s.now)) }
        let until = min(ReplayFeed.epoch + Double(minute) * 60, ReplayFeed.epoch + replayer.duration)
        s.apply(replayer.events(upTo: until, policy: s.policy))
        if until > s.now { s.apply(.clock(at: until)) }
        s.apply(.feedStatus(ReplayFeed.status(path: path, trace: trace, replayer: replayer, at: s.now)))
        return s
    }

    /// Opens the store and waits until every configured feed has reported since we started: good updates give the
    /// session (the caller closes it); a failure (or no report within `--timeout`) prints each feed's status and exits 3.
    private func waitForFeeds() throws -> Session {
        // Before the session starts its feeds: their first reports may come before `Session.init` returns.
        let start = Date().timeIntervalSince1970
        let session: Session
        do {
            session = try Session(address: storeOptions.address(for: feedOptions), feeds: feedOptions, takesOverWhenFree: !display.readOnly)
        } catch {
            Console.error("fleetdeck: \(error)")
            throw ExitCode(1)
        }
        var handedOver = false
        defer { if !handedOver { session.close() } }
        if session.isReadOnlyStore || display.readOnly {
            // Nothing will be written by us: show what the store holds.
            let why = display.readOnly ? "--read-only" : "\(session.store.location) is read-only for this user"
            Console.error("fleetdeck: \(why): showing what the store holds")
            handedOver = true
            return session
        }
        let names = try FeedReports.expectedNames(feedOptions)
        while true {
            _ = try session.pump()
            if let refusal = session.simulationRefusal {
                // No feed was named and the simulator will not write here: show what the store holds.
                Console.error("fleetdeck: \(refusal)")
                handedOver = true
                return session
            }
            let records = names.map { name in session.state.feeds.first { $0.name == name } }
            let reports = records.map { FeedReports.report($0, since: start) }
            let timedOut = Date().timeIntervalSince1970 - start > timeout
            // Live feeds that all answered give what they said, even an empty fleet; the simulator's fleet arrives
            // as the store's first snapshot.
            if reports.allSatisfy({ $0 == .good }), !session.isSimulating || session.state.gpus.count > 0 {
                handedOver = true
                return session
            }
            if reports.contains(.failed) && !reports.contains(.none) || timedOut {
                let lines = zip(names, records).map { FeedReports.statusLine(name: $0, record: $1, since: start, timeout: timeout) }
                Console.error("fleetdeck: no snapshot: " + (timedOut ? "not every feed reported within \(Int(timeout)) s" : "a feed failed")
                    + "\n" + lines.map { "  " + $0 }.joined(separator: "\n"))
                throw ExitCode(3)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}

extension ReviewCompare: ExpressibleByArgument {}

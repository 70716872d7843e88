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
    @Option(name: .long, help: "Frame width.") var width: Int = 120
    @Option(name: .long, help: "Frame height.") var height: Int = 40
    @Flag(name: .long, help: "Print the pane's values as JSON instead of text.") var json = false
    @Flag(name: .long, help: "Append the style legend and map (the golden-file format).") var styles = false
    @Option(name: .long, help: "Simulate in memory up to this fleet minute, for reproducible output.") var atSimMinute: Int?
    @Option(name: .long, help: "Seconds to wait for each feed's first complete update.") var timeout: Double = 15
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var feedOptions: FeedOptions
    @OptionGroup var display: DisplayOptions

    func validate() throws {
        guard Pane.named(pane) != nil else { throw ValidationError("unknown pane '\(pane)'; one of: \(Pane.allCases.map(\.rawValue).joined(separator: ", "))") }
        guard width > 0, height > 0, width <= 1000, height <= 1000 else { throw ValidationError("--width/--height must be 1…1000") }
    }

    func run() throws {
        let state: FleetState
        let wallNow: Double
        var role = "snapshot"
        if let minute = atSimMinute {
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
            // Reproducible output: the "wall clock" is the fleet clock.
            s.apply(.feedStatus(FeedStatus(name: SimulatorRunner.feedName, kind: "simulator", at: s.now,
                                           intervalSeconds: simulator.config.tickSeconds / feedOptions.speed, ok: true)))
            state = s
            wallNow = s.now
        } else {
            (state, role) = try waitForFeeds()
            wallNow = Date().timeIntervalSince1970
        }
        let (theme, notice) = ThemeSelection.resolve(display.theme, colorCount: 256)
        if let notice { FileHandle.standardError.write(Data("fleetdeck: \(notice)\n".utf8)) }
        let ctx = FrameContext(state: state, kpis: FleetKPIs.derive(from: state, wallNow: wallNow), theme: theme, wallNow: wallNow,
                               storeDescription: storeOptions.path(for: feedOptions), role: role, readOnly: display.readOnly,
                               simulationSpeed: feedOptions.hasLiveFeeds ? nil : feedOptions.speed, notice: nil)
        let paneValue = Pane.named(pane) ?? .overview
        let ui = UIState(pane: paneValue)
        if json {
            print(PaneSnapshot.json(pane: paneValue, ui: ui, ctx: ctx))
        } else {
            let frame = Screen.compose(ui: ui, ctx: ctx, width: width, height: height)
            print(styles ? frame.goldenText() : frame.lines().map { String($0.reversed().drop { $0 == " " }.reversed()) }
                .joined(separator: "\n"))
        }
    }

    /// Opens the store and waits until every feed has reported a good update since we started.
    private func waitForFeeds() throws -> (FleetState, String) {
        let session: Session
        do { session = try Session(path: storeOptions.path(for: feedOptions), feeds: feedOptions) } catch {
            FileHandle.standardError.write(Data("fleetdeck: \(error)\n".utf8))
            throw ExitCode(1)
        }
        defer { session.close() }
        let start = Date().timeIntervalSince1970
        let expected = try feedOptions.telemetrySources().count + feedOptions.schedulerSources().count
        while true {
            _ = try session.pump()
            let feeds = session.state.feeds
            let fresh = feeds.count >= max(1, expected)
                && feeds.allSatisfy { ($0.lastGoodAt ?? 0) >= start - $0.intervalSeconds }
            let hasData = session.state.gpus.count > 0 || session.state.jobSlots.contains { $0 != nil }
            if fresh && hasData { return (session.state, session.roleDescription) }
            if Date().timeIntervalSince1970 - start > timeout {
                let names = feeds.filter { ($0.lastGoodAt ?? 0) < start }.map(\.name)
                FileHandle.standardError.write(Data(
                    "fleetdeck: no complete update within \(Int(timeout)) s from: \(names.isEmpty ? "any feed" : names.joined(separator: ", "))\n".utf8))
                throw ExitCode(3)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}

import FleetCore
import FleetFeeds
import FleetStore
import Foundation
import Synchronization

/// Runs the live telemetry sources: one thread per source fetches on its interval (backing off on failure), and
/// one writer thread turns their updates into events, appends them to the store and keeps the lease.
final class LiveFeedRunner: FeedRunner, Sendable {
    private let stopFlag = Atomic<Bool>(false)
    private let failure = Mutex<String?>(nil)
    private let leaseLost = Atomic<Bool>(false)
    private let inbox = Mutex<[(source: TelemetrySourceConfig, update: TelemetryUpdate)]>([])
    private let interval: Double

    var lastError: String? { failure.withLock { $0 } }
    var lostLease: Bool { leaseLost.load(ordering: .relaxed) }

    init(store: EventStore, owner: String, state: FleetState, options: FeedOptions, sources: [TelemetrySourceConfig]) {
        interval = options.telemetryInterval
        let timeout = options.telemetryTimeout
        for (k, config) in sources.enumerated() {
            let thread = Thread { [self] in poll(config, timeout: timeout) }
            thread.name = "fleetdeck-telemetry-\(k)"
            thread.start()
        }
        let writer = Thread { [self] in write(store: store, owner: owner, state: state) }
        writer.name = "fleetdeck-feeds"
        writer.start()
    }

    func stop() { stopFlag.store(true, ordering: .relaxed) }

    private var stopped: Bool { stopFlag.load(ordering: .relaxed) }

    /// Fetches forever; after a failure waits interval × 2^failures (at most 5 min), ±20 % jitter.
    private func poll(_ config: TelemetrySourceConfig, timeout: Double) {
        var source = config.makeSource(timeout: timeout)
        var failures = 0
        while !stopped {
            let update = source.fetch()
            inbox.withLock { $0.append((config, update)) }
            failures = update.failure == nil ? 0 : failures + 1
            let backoff = min(interval * pow(2, Double(min(failures, 10))), 300)
            var wait = failures == 0 ? interval : backoff * Double.random(in: 0.8...1.2)
            if case .file(let path) = config, path == "-" { wait = 0 }  // stdin: the writer paces the stream
            if case .file(let path) = config, path == "-", update.failure == "stdin closed" { return }
            let until = Date().timeIntervalSince1970 + wait
            while !stopped, Date().timeIntervalSince1970 < until { Thread.sleep(forTimeInterval: min(0.1, wait)) }
        }
    }

    private func write(store: EventStore, owner: String, state: FleetState) {
        var ingest = TelemetryIngest(state: state)
        var lastSnapshot = Date().timeIntervalSince1970
        var lease = LeaseKeeper(store: store, owner: owner)
        if ingest.state.policy == nil {
            // A new live store: the built-in demo policy applies until a policy file is given.
            let genesis = FleetEvent.policyDefined(SimulatedOrg.demoPolicy())
            ingest.note(genesis)
            do { _ = try store.append([genesis]) } catch { failure.withLock { $0 = "store write failed: \(error)" } }
        }
        while !stopped {
            let now = Date().timeIntervalSince1970
            if !lease.renewIfDue(now: now) {
                leaseLost.store(true, ordering: .relaxed)
                return
            }
            let updates = inbox.withLock { pending in defer { pending.removeAll() }; return pending }
            guard !updates.isEmpty else {
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            var events: [FleetEvent] = []
            for (config, update) in updates { events += self.events(for: update, from: config, ingest: &ingest) }
            do {
                let lastID = try store.append(events)
                if now - lastSnapshot >= 60 {
                    try store.saveSnapshot(ingest.state, upToEventID: lastID)
                    lastSnapshot = now
                }
                failure.withLock { $0 = nil }
            } catch {
                failure.withLock { $0 = "store write failed: \(error)" }
            }
        }
    }

    private func events(for update: TelemetryUpdate, from config: TelemetrySourceConfig,
                        ingest: inout TelemetryIngest) -> [FleetEvent] {
        var events: [FleetEvent] = []
        if update.failure == nil {
            // History from before now only fills rings that have nothing newer (a new store).
            for (at, readings) in update.backfill where at > ingest.state.now {
                events += ingest.events(for: readings, at: at)
            }
            let clock = FleetEvent.clock(at: update.at)
            ingest.note(clock)
            events.append(clock)
            events += ingest.events(for: update.readings, at: update.at)
        }
        let status = FleetEvent.feedStatus(FeedStatus(
            name: config.name, kind: config.kind, at: update.at, intervalSeconds: interval, ok: update.failure == nil,
            error: update.failure, problems: update.problemCount, firstProblem: update.firstProblem))
        ingest.note(status)
        events.append(status)
        return events
    }
}

/// What `Session` needs from whatever runs the feeds.
protocol FeedRunner: AnyObject, Sendable {
    /// The last error the runner hit, if any.
    var lastError: String? { get }
    /// True once another process took the writer lease.
    var lostLease: Bool { get }
    /// Asks the threads to stop.
    func stop()
}

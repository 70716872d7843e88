import FleetCore
import FleetFeeds
import FleetStore
import Foundation
import Synchronization

/// Runs the simulated fleet on its own thread in wall-clock time, appending its events to the store.
///
/// The simulator keeps its own copy of the state (it needs it to decide what happens next); the dashboard's
/// state is built only from what reaches the store, like with any other feed.
final class SimulatorRunner: FeedRunner {
    static let feedName = "simulator"
    private let stopFlag = Atomic<Bool>(false)
    private let failure = Mutex<String?>(nil)
    private let leaseLost = Atomic<Bool>(false)

    /// The last error the runner hit, if any.
    var lastError: String? { failure.withLock { $0 } }
    /// True once another process took the writer lease from us.
    var lostLease: Bool { leaseLost.load(ordering: .relaxed) }

    /// Starts the thread. `state` is the state the store holds now; an empty one gets a new fleet and a warm-up.
    init(store: EventStore, owner: String, fence: WriterFence, state: FleetState, lastEventID: Int64, options: FeedOptions) {
        let simulator = FleetSimulator(config: options.simulatorConfig)
        let speed = options.speed, warmup = Double(options.warmupMinutes) * 60
        let policy = options.policy.map(PolicyWatcher.init)
        let thread = Thread { [self] in
            run(lease: LeaseKeeper(store: store, owner: owner, fence: fence), simulator: simulator, state: state,
                lastEventID: lastEventID, speed: speed, warmup: warmup, policy: policy)
        }
        thread.name = "fleetdeck-simulator"
        thread.start()
    }

    /// Asks the thread to stop after its current tick.
    func stop() { stopFlag.store(true, ordering: .relaxed) }

    private func run(lease: LeaseKeeper, simulator: FleetSimulator, state initial: FleetState,
                     lastEventID: Int64, speed: Double, warmup: Double, policy: PolicyWatcher?) {
        var lease = lease
        let store = lease.store, fence = lease.fence
        var policy = policy
        var mirror = initial
        var lastID = lastEventID
        do {
            if mirror.gpus.count == 0 {
                // A new store: define the fleet and fast-forward in memory, then store the result as one snapshot.
                mirror.apply(simulator.genesis())
                simulator.run(&mirror, until: simulator.config.epoch + warmup)
                mirror.apply(status(ok: true, speed: speed, simulator: simulator))
                lastID = try store.lastEventID()
                // Requests or alerts written while the fleet was being made are part of the first snapshot too.
                var early = ForeignGovernance(after: lastEventID)
                mirror.apply(try early.take(from: store, through: lastID))
                try store.saveWriterSnapshot(mirror, upToEventID: lastID, fence: fence)
            }
        } catch {
            if LeaseKeeper.isFenced(error) { return lose(lease) }
            failure.withLock { $0 = "simulator: \(error)" }
            return
        }
        let interval = simulator.config.tickSeconds / speed
        var deadline = Date().timeIntervalSince1970 + interval
        var lastSnapshot = Date().timeIntervalSince1970
        var foreign = ForeignGovernance(after: lastID)
        while !stopFlag.load(ordering: .relaxed) {
            let now = Date().timeIntervalSince1970
            if !lease.renewIfDue(now: now) { return lose(lease) }
            if now < deadline {
                Thread.sleep(forTimeInterval: min(deadline - now, 0.25))
                continue
            }
            // After a long stall (a suspended laptop), skip ahead instead of replaying every missed tick at once.
            if now - deadline > 10 * interval { deadline = now }
            deadline += interval
            // The policy file (when given) applies from the next tick; a broken edit only marks its feed failing.
            var events = policy?.poll(state: mirror, now: now) ?? []
            mirror.apply(events)
            events += simulator.step(&mirror)
            let feed = status(ok: true, speed: speed, simulator: simulator)
            mirror.apply(feed)
            events.append(feed)
            do {
                lastID = try store.append(events, fence: fence)
                if now - lastSnapshot >= 60 {
                    mirror.apply(try foreign.take(from: store, through: lastID))
                    try store.saveWriterSnapshot(mirror, upToEventID: lastID, fence: fence)
                    lastSnapshot = now
                }
                failure.withLock { $0 = nil }
            } catch {
                if LeaseKeeper.isFenced(error) { return lose(lease) }
                failure.withLock { $0 = "store write failed: \(error)" }
            }
        }
    }

    private func lose(_ lease: LeaseKeeper) {
        failure.withLock { $0 = lease.lossReason() }
        leaseLost.store(true, ordering: .relaxed)
    }

    private func status(ok: Bool, speed: Double, simulator: FleetSimulator) -> FleetEvent {
        .feedStatus(FeedStatus(name: Self.feedName, kind: "simulator", at: Date().timeIntervalSince1970,
                               intervalSeconds: simulator.config.tickSeconds / speed, ok: ok))
    }
}

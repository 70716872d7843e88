import FleetCore
import FleetFeeds
import FleetStore
import Foundation
import Synchronization

/// Replays a cluster trace as a live scheduler feed: trace time runs `speed` times faster than the wall clock.
///
/// Fleet time is `epoch` + trace seconds, so a replay is reproducible and a restarted dashboard continues where the
/// store left off (placements are rebuilt by replaying the steps before that point without emitting them).
/// Stretches where nothing happens for more than `skipAfter` wall seconds are jumped over.
final class ReplayRunner: FeedRunner {
    /// 2023-07-01 00:00 UTC, around when the Alibaba v2023 trace was collected.
    static let epoch: Double = 1_688_169_600
    static let tick = 0.5
    /// Wall seconds of trace silence after which the replay jumps to the next step.
    static let skipAfter = 10.0
    private let stopFlag = Atomic<Bool>(false)
    private let failure = Mutex<String?>(nil)
    private let leaseLost = Atomic<Bool>(false)

    var lastError: String? { failure.withLock { $0 } }
    var lostLease: Bool { leaseLost.load(ordering: .relaxed) }

    init(store: EventStore, owner: String, fence: WriterFence, state: FleetState, lastEventID: Int64, trace: ReplayTrace, path: String, speed: Double,
         policy: String?) {
        let watcher = policy.map(PolicyWatcher.init)
        let thread = Thread { [self] in
            var foreign = ForeignGovernance(after: lastEventID)
            run(lease: LeaseKeeper(store: store, owner: owner, fence: fence), state: state, trace: trace, path: path, speed: speed, policy: watcher, foreign: &foreign)
        }
        thread.name = "fleetdeck-replay"
        thread.start()
    }

    func stop() { stopFlag.store(true, ordering: .relaxed) }

    /// The feed name a replay of `path` reports under.
    static func feedName(path: String) -> String { "replay \(path)" }

    /// The replay's status at wall time `at`: the trace's bad rows, jobs that found no room, or that it finished.
    static func status(path: String, trace: ReplayTrace, replayer: TraceReplayer, at: Double) -> FeedStatus {
        var note: String? = trace.problems.first
        if replayer.finished {
            let end = Date(timeIntervalSince1970: epoch + replayer.duration).ISO8601Format()
            note = "trace finished at \(end); \(replayer.progress.total) steps replayed"
        }
        return FeedStatus(name: feedName(path: path), kind: "trace-replay", at: at, intervalSeconds: tick, ok: true,
                          problems: trace.problems.count + replayer.unplaced, firstProblem: note ?? (replayer.unplaced > 0
                              ? "\(replayer.unplaced) jobs started without room on the traced nodes" : nil))
    }

    private func run(lease: LeaseKeeper, state initial: FleetState, trace: ReplayTrace, path: String, speed: Double,
                     policy: PolicyWatcher?, foreign: inout ForeignGovernance) {
        var lease = lease
        let store = lease.store, fence = lease.fence
        var policy = policy
        var mirror = initial
        var replayer = TraceReplayer(trace: trace, epoch: Self.epoch)
        do {
            if mirror.gpus.count == 0 {
                let genesis = replayer.genesis(policy: SimulatedOrg.demoPolicy()) + [.clock(at: Self.epoch)]
                mirror.apply(genesis)
                _ = try store.append(genesis, fence: fence)
            } else {
                _ = replayer.events(upTo: mirror.now)  // rebuild placements up to where the store is
            }
        } catch {
            if LeaseKeeper.isFenced(error) { return lose(lease) }
            failure.withLock { $0 = "replay: \(error)" }
            return
        }
        let wallStart = Date().timeIntervalSince1970
        let fleetStart = max(mirror.now, Self.epoch)
        var lastSnapshot = wallStart
        var skipped = 0.0
        while !stopFlag.load(ordering: .relaxed) {
            let now = Date().timeIntervalSince1970
            if !lease.renewIfDue(now: now) { return lose(lease) }
            // Quiet stretches longer than `skipAfter` wall seconds are skipped (the Alibaba trace is quiet for its
            // first 119 days); the clock stops at the end of the trace: there is no data after it.
            var t = fleetStart + (now - wallStart) * speed + skipped
            if let next = replayer.nextStepAt, next - t > Self.skipAfter * speed {
                skipped += next - t - Self.tick * speed
                t = next - Self.tick * speed
            }
            t = min(t, Self.epoch + replayer.duration)
            var events = policy?.poll(state: mirror, now: now) ?? []
            mirror.apply(events)
            events += replayer.events(upTo: t, policy: mirror.policy)
            if t > mirror.now { events.append(.clock(at: t)) }
            events.append(.feedStatus(Self.status(path: path, trace: trace, replayer: replayer, at: now)))
            do {
                mirror.apply(events)
                let lastID = try store.append(events, fence: fence)
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
            Thread.sleep(forTimeInterval: Self.tick)
        }
    }

    private func lose(_ lease: LeaseKeeper) {
        failure.withLock { $0 = lease.lossReason() }
        leaseLost.store(true, ordering: .relaxed)
    }
}

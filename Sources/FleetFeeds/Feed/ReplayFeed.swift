import FleetCore
import Foundation

/// Replays a cluster trace as a live scheduler feed: trace time runs `speed` times faster than the wall clock.
///
/// Fleet time is `epoch` + trace seconds, so a replay is reproducible and a restarted writer continues where the
/// store left off (placements are rebuilt by replaying the steps before that point without emitting them).
/// Stretches where nothing happens for more than `skipAfter` wall seconds are jumped over.
public final class ReplayFeed: Feed {
    /// 2023-07-01 00:00 UTC, around when the Alibaba v2023 trace was collected.
    public static let epoch: Double = 1_688_169_600
    /// Wall seconds between steps.
    public static let tick = 0.5
    /// Wall seconds of trace silence after which the replay jumps to the next step.
    public static let skipAfter = 10.0
    private let trace: ReplayTrace
    private let path: String
    private let speed: Double
    private var replayer: TraceReplayer
    /// Wall and fleet time of the first step; trace time advances from there.
    private var start: (wall: Double, fleet: Double)?
    private var skipped = 0.0

    /// A replay of `trace` (read from `path`) at `speed`.
    public init(trace: ReplayTrace, path: String, speed: Double) {
        self.trace = trace
        self.path = path
        self.speed = speed
        replayer = TraceReplayer(trace: trace, epoch: Self.epoch)
    }

    /// The feed name a replay of `path` reports under.
    public static func feedName(path: String) -> String { "replay \(path)" }

    public var name: String { Self.feedName(path: path) }
    public var kind: String { "trace-replay" }
    public var interval: Double { Self.tick }

    /// The replay's status at wall time `at`: the trace's bad rows, jobs that found no room, or that it finished.
    public static func status(path: String, trace: ReplayTrace, replayer: TraceReplayer, at: Double) -> FeedStatus {
        var note: String? = trace.problems.first
        if replayer.finished {
            let end = Date(timeIntervalSince1970: epoch + replayer.duration).ISO8601Format()
            note = "trace finished at \(end); \(replayer.progress.total) steps replayed"
        }
        return FeedStatus(name: feedName(path: path), kind: "trace-replay", at: at, intervalSeconds: tick, ok: true,
                          problems: trace.problems.count + replayer.unplaced, firstProblem: note ?? (replayer.unplaced > 0
                              ? "\(replayer.unplaced) jobs started without room on the traced nodes" : nil))
    }

    public func step(now: Double, into batch: inout EventBatch) throws {
        let start = begin(now: now, batch: &batch)
        // Quiet stretches longer than `skipAfter` wall seconds are skipped (the Alibaba trace is quiet for its
        // first 119 days); the clock stops at the end of the trace: there is no data after it.
        var t = start.fleet + (now - start.wall) * speed + skipped
        if let next = replayer.nextStepAt, next - t > Self.skipAfter * speed {
            skipped += next - t - Self.tick * speed
            t = next - Self.tick * speed
        }
        t = min(t, Self.epoch + replayer.duration)
        var events = replayer.events(upTo: t, policy: batch.state.policy)
        if t > batch.state.now { events.append(.clock(at: t)) }
        events.append(.feedStatus(Self.status(path: path, trace: trace, replayer: replayer, at: now)))
        batch.emit(contentsOf: events)
    }

    /// On the first step: a new store gets the traced fleet, a resumed one rebuilds the placements up to its clock.
    private func begin(now: Double, batch: inout EventBatch) -> (wall: Double, fleet: Double) {
        if let start { return start }
        if batch.state.gpus.count == 0 {
            batch.emit(contentsOf: replayer.genesis(policy: PolicySpec.withoutPolicyFile()) + [.clock(at: Self.epoch)])
        } else {
            _ = replayer.events(upTo: batch.state.now)
        }
        let start = (wall: now, fleet: max(batch.state.now, Self.epoch))
        self.start = start
        return start
    }
}

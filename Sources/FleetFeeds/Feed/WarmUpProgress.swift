import FleetCore
import Synchronization

/// How far a feed's warm-up of a new store has got, in fleet minutes: written by the warm-up thread, read by the
/// dashboard's progress line, so a big new fleet shows "minute 212 of 480" instead of a bare clock. It also hands each
/// state the warm-up reaches to an observer (the writer's KPI history, which rolls up the warm-up's hours).
public final class WarmUpProgress: Sendable {
    private let done = Atomic<Int>(0)
    private let observer: (@Sendable (FleetState, Bool) -> Void)?

    /// A progress of zero minutes; `observer` is handed each state reached and whether every GPU's telemetry was
    /// sampled on the way.
    public init(observing observer: (@Sendable (_ state: FleetState, _ everyGPUSampled: Bool) -> Void)? = nil) {
        self.observer = observer
    }

    /// Fleet minutes fast-forwarded so far.
    public var minutesDone: Int { done.load(ordering: .relaxed) }

    /// Records that `minutes` fleet minutes are done.
    public func report(minutesDone minutes: Int) { done.store(minutes, ordering: .relaxed) }

    /// Records that `minutes` fleet minutes are done, reaching `state`.
    public func report(minutesDone minutes: Int, state: FleetState, everyGPUSampled: Bool) {
        observer?(state, everyGPUSampled)
        report(minutesDone: minutes)
    }
}

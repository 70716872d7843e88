import FleetCore
import Synchronization

/// How far a feed's warm-up of a new store has got, in fleet minutes: written by the warm-up thread, read by the
/// dashboard's progress line, so a big new fleet shows "minute 212 of 480" instead of a bare clock. It hands each
/// state the warm-up reaches to an observer (the writer's KPI history, which rolls up the warm-up's hours).
///
/// It also hands the dashboard the fleet made so far, on request: the warm-up copies its state out at the next fleet
/// minute after a `requestPreview`, so a new big store shows its fleet within seconds while the rest is filled
/// behind. A copy is made only when asked for (`collect` never asks), and it is a copy: the warm-up's own run, and
/// so every job's and fault's fate, is the same whether or not anyone looks.
public final class WarmUpProgress: Sendable {
    private let done = Atomic<Int>(0)
    private let planned = Atomic<Int>(0)
    private let observer: (@Sendable (FleetState, Bool) -> Void)?
    private let previewRequested = Atomic<Bool>(false)
    private let latest = Mutex<FleetState?>(nil)

    /// A progress of zero minutes; `observer` is handed each state reached and whether every GPU's telemetry was
    /// sampled on the way.
    public init(observing observer: (@Sendable (_ state: FleetState, _ everyGPUSampled: Bool) -> Void)? = nil) {
        self.observer = observer
    }

    /// Fleet minutes fast-forwarded so far.
    public var minutesDone: Int { done.load(ordering: .relaxed) }

    /// Fleet minutes the warm-up runs in all; 0 until it says.
    public var minutesPlanned: Int { planned.load(ordering: .relaxed) }

    /// Records that the warm-up runs `minutes` fleet minutes in all.
    public func plan(minutes: Int) { planned.store(minutes, ordering: .relaxed) }

    /// Records that `minutes` fleet minutes are done.
    public func report(minutesDone minutes: Int) { done.store(minutes, ordering: .relaxed) }

    /// Records that `minutes` fleet minutes are done, reaching `state`.
    public func report(minutesDone minutes: Int, state: FleetState, everyGPUSampled: Bool) {
        observer?(state, everyGPUSampled)
        report(minutesDone: minutes)
    }

    /// Asks the warm-up for a copy of its state at its next fleet minute.
    public func requestPreview() { previewRequested.store(true, ordering: .relaxed) }

    /// Whether a copy of the state was asked for and not yet published (read by the warm-up after each minute).
    public var wantsPreview: Bool { previewRequested.load(ordering: .relaxed) }

    /// Publishes `state`, the fleet made so far, as the answer to the pending request.
    public func publish(_ state: FleetState) {
        latest.withLock { $0 = state }
        previewRequested.store(false, ordering: .relaxed)
    }

    /// The newest fleet the warm-up published; nil before the first.
    public var preview: FleetState? { latest.withLock { $0 } }
}

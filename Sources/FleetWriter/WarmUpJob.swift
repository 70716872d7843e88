import FleetCore
import FleetFeeds
import FleetStore
import Foundation
import Synchronization

/// A feed's bulk first state for a new store (the simulator's warm-up), built on a background thread: built, caught
/// up with what others wrote meanwhile, and stored as the first snapshot before the loop adopts it.
final class WarmUpJob: Sendable {
    /// What the thread produced: the state and the id of the last event it includes, nil when the feed made none.
    typealias Outcome = Result<(state: FleetState, lastEventID: Int64)?, any Error>
    private let outcome = Mutex<Outcome?>(nil)
    /// Why the backfilled KPI history was not stored, once the thread tried.
    let historyFailure = Mutex<String?>(nil)
    /// How far the warm-up has got, for the progress line; it hands each state reached to `rollups`.
    let progress: WarmUpProgress
    /// The KPI history of the warm-up's own hours, rolled up from the states it reaches.
    let rollups: WarmUpRollups

    /// Starts `warmUp` on `state` (the fold of events up to `after`); `history` makes the KPI history of the time
    /// before it, stored with the warm-up's own hours.
    init(_ warmUp: @escaping @Sendable (FleetState, WarmUpProgress) -> FleetState?,
         history: (@Sendable (FleetState) -> [KPIRollup])?, state: FleetState, after: Int64,
         store: any EventStoring, fence: WriterFence) {
        let recorder = WarmUpRollups()
        rollups = recorder
        progress = WarmUpProgress { state, everyGPUSampled in recorder.observe(state, everyGPUSampled: everyGPUSampled) }
        let thread = Thread { [self] in
            let result = Outcome {
                guard var warm = warmUp(state, progress) else { return nil }
                let hours = (history?(warm) ?? []) + rollups.closedHours
                // The forecasts start from the history too, not after 50 sampled hours.
                warm.prependDemandHistory(hours)
                // The history is extra: a store that refuses it still gets its fleet, and the refusal is shown.
                do {
                    try KPIHistoryStore.backfill(hours, into: store, fence: fence)
                } catch {
                    historyFailure.withLock { $0 = "KPI history of the time before the fleet's first state not stored: \(error)" }
                }
                // Decisions filed while the fleet was being made are part of the first snapshot, in id order.
                let done = try store.transact(after: after, as: FleetEvent.self, durable: false, fence: fence) { newer in
                    for (_, event) in newer { warm.apply(event) }
                    return (nil, ())
                }
                try store.saveWriterSnapshot(warm, upToEventID: done.lastEventID, fence: fence)
                return (warm, done.lastEventID)
            }
            outcome.withLock { $0 = result }
        }
        thread.name = "fleetdeck-warm-up"
        thread.start()
    }

    /// The outcome once the thread finished (handed over once, so the loop holds the only copy of the state), else nil.
    func take() -> Outcome? {
        outcome.withLock { value in
            defer { value = nil }
            return value
        }
    }
}

/// The warm-up's KPI history: an accumulator fed each state the warm-up reaches, as the writer feeds its own; the
/// loop adopts the accumulator, open hour and all, when it adopts the warm-up's state.
public final class WarmUpRollups: Sendable {
    private let made = Mutex<(accumulator: KPIRollupAccumulator, closed: [KPIRollup])>((KPIRollupAccumulator(), []))

    /// Nothing observed yet.
    public init() {}

    /// Observes a state the warm-up reached (see `KPIRollupAccumulator.observe`).
    public func observe(_ state: FleetState, everyGPUSampled: Bool) {
        made.withLock { $0.closed += $0.accumulator.observe(state, everyGPUSampled: everyGPUSampled) }
    }

    /// The hours the warm-up closed.
    public var closedHours: [KPIRollup] { made.withLock { $0.closed } }
    /// The accumulator, with the hour the warm-up left open.
    public var accumulator: KPIRollupAccumulator { made.withLock { $0.accumulator } }
}

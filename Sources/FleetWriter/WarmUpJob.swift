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
    /// How far the warm-up has got, for the progress line.
    let progress = WarmUpProgress()

    /// Starts `warmUp` on `state` (the fold of events up to `after`); `history` makes the KPI history stored with it.
    init(_ warmUp: @escaping @Sendable (FleetState, WarmUpProgress) -> FleetState?,
         history: (@Sendable (FleetState) -> [KPIRollup])?, state: FleetState, after: Int64,
         store: any EventStoring, fence: WriterFence) {
        let thread = Thread { [self] in
            let result = Outcome {
                guard var warm = warmUp(state, progress) else { return nil }
                // The history is extra: a store that refuses it still gets its fleet, and the refusal is shown.
                if let history {
                    do {
                        try KPIHistoryStore.backfill(history(warm), into: store, fence: fence)
                    } catch {
                        historyFailure.withLock { $0 = "KPI history of the simulated past not stored: \(error)" }
                    }
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

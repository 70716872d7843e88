import FleetCore
import FleetStore
import Foundation
import Synchronization

/// The modelled KPI history of the time before a new store's fleet (a feed's `history`), made and stored on a thread
/// of its own while the warm-up runs: the model needs only the fleet's definition, which the warm-up's first state
/// has, so its months of hours are encoded and written on the second core instead of after the last fleet minute.
final class HistoryBackfill: Sendable {
    private let history: (@Sendable (FleetState) -> [KPIRollup])?
    private let store: any EventStoring
    private let fence: WriterFence
    private let started = Atomic<Bool>(false)
    /// The fleet handed to the thread, dropped once its hours are made (not kept while they are stored).
    private let fleet = Mutex<FleetState?>(nil)
    /// What the thread made, and whether it stored it, once it is done.
    private let done = Mutex<(hours: [KPIRollup], stored: Result<Void, any Error>)?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    /// A backfill of `history` into `store` under `fence`; nothing runs before `start`.
    init(_ history: (@Sendable (FleetState) -> [KPIRollup])?, store: any EventStoring, fence: WriterFence) {
        self.history = history
        self.store = store
        self.fence = fence
    }

    /// Starts making and storing the history of the fleet `state` defines; later calls do nothing.
    func start(fleet state: FleetState) {
        guard let history, state.gpus.count > 0,
              started.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        let (store, fence) = (store, fence)
        fleet.withLock { $0 = state }
        let thread = Thread { [self] in
            let hours = fleet.withLock { $0.take() }.map(history) ?? []
            let stored = Result { try KPIHistoryStore.backfill(hours, into: store, fence: fence) }
            done.withLock { $0 = (hours, stored) }
            finished.signal()
        }
        thread.name = "fleetdeck-history"
        thread.start()
    }

    /// Waits for the modelled history (made from `fleet` now if it was not started), then stores the warm-up's own
    /// `hours` after it. Returns every hour, the modelled ones first, and why they were not all stored.
    func finish(fleet: FleetState, warmUpHours hours: [KPIRollup]) -> (hours: [KPIRollup], failure: (any Error)?) {
        start(fleet: fleet)
        var modelled: [KPIRollup] = []
        if started.load(ordering: .acquiring) {
            finished.wait()
            if let made = done.withLock({ $0.take() }) {
                modelled = made.hours
                if case .failure(let error) = made.stored { return (modelled + hours, error) }
            }
        }
        do {
            try KPIHistoryStore.append(hours: hours, into: store, fence: fence)
            return (modelled + hours, nil)
        } catch {
            return (modelled + hours, error)
        }
    }
}

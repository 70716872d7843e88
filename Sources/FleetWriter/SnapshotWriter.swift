import FleetCore
import FleetStore
import Foundation
import Synchronization

/// Saves the writer's snapshots on a background thread, one at a time, so that encoding a large state never holds up
/// the loop (the state is a value: the thread saves the copy it was handed).
final class SnapshotWriter: Sendable {
    private let busy = Atomic<Bool>(false)
    private let failure = Mutex<String?>(nil)

    /// The last background save's error, if it failed.
    var lastFailure: String? { failure.withLock { $0 } }

    /// Starts saving `state` as the fold of events up to `eventID`; false (nothing started) while a save is running.
    func start(_ state: FleetState, upTo eventID: Int64, store: any EventStoring, fence: WriterFence) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return false }
        let thread = Thread { [self] in
            defer { busy.store(false, ordering: .releasing) }
            do {
                try store.saveWriterSnapshot(state, upToEventID: eventID, fence: fence)
                failure.withLock { $0 = nil }
            } catch {
                failure.withLock { $0 = "snapshot failed: \(error)" }
            }
        }
        thread.name = "fleetdeck-snapshot"
        thread.start()
        return true
    }

    /// Waits (at most `seconds`) for a running save to finish.
    func wait(seconds: Double) {
        let until = Date().timeIntervalSince1970 + seconds
        while busy.load(ordering: .acquiring), Date().timeIntervalSince1970 < until { Thread.sleep(forTimeInterval: 0.01) }
    }
}

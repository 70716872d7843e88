import FleetCore
import FleetStore
import Foundation

/// Renews the writer lease once a second from a feed thread, and says why the writer stops once it lost it.
struct LeaseKeeper {
    let store: EventStore
    let owner: String
    /// The epoch this writer took the lease at; every write of the writer carries it.
    let fence: WriterFence
    private var lastRenew = 0.0

    init(store: EventStore, owner: String, fence: WriterFence) {
        self.store = store
        self.owner = owner
        self.fence = fence
    }

    /// Renews when a second has passed; false once another process holds the lease (or took it since).
    mutating func renewIfDue(now: Double) -> Bool {
        guard now - lastRenew >= 1 else { return true }
        lastRenew = now
        // A deleted or replaced store file: writing on would be lost, so this writer stops.
        guard !store.isDetachedFromPath else { return false }
        return (try? store.renewWriterLease(owner: owner, now: Date(), ttl: Session.leaseTTL, fence: fence)) == true
    }

    /// Why this writer stopped writing, for the log and the header.
    func lossReason() -> String {
        if store.isDetachedFromPath { return "store file \(store.path) was deleted or replaced: this writer stops" }
        let holder = (try? store.writerLease())?.owner ?? "nobody"
        let epoch = (try? store.writerEpoch()).map(String.init) ?? "?"
        return "fenced: another writer (\(holder), epoch \(epoch)) took the writer lease of this one (epoch \(fence.epoch)), "
            + "which was paused or stalled past its \(Int(Session.leaseTTL)) s lease; nothing more is written"
    }

    /// Whether `error` is the store refusing a write of a fenced-off writer.
    static func isFenced(_ error: any Error) -> Bool {
        if case .fenced? = error as? StoreError { return true }
        return false
    }
}

extension EventStore {
    /// The writer's snapshot, then a WAL checkpoint: a snapshot is the largest transaction, and the WAL must not keep
    /// its size.
    func saveWriterSnapshot(_ state: FleetState, upToEventID: Int64, fence: WriterFence) throws {
        try saveSnapshot(state, upToEventID: upToEventID, fence: fence)
        try checkpoint()
    }
}

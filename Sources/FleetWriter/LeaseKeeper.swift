import FleetCore
import FleetStore
import Foundation

/// Renews the writer lease once a second from the writer loop, and says why the writer stops once it lost it.
public struct LeaseKeeper: Sendable {
    public let store: any EventStoring
    public let owner: String
    /// The epoch this writer took the lease at; every write of the writer carries it.
    public let fence: WriterFence
    /// Seconds a renewal extends the lease by.
    public let ttl: TimeInterval
    private var lastRenew = 0.0

    /// The keeper of the lease `owner` took on `store` with `fence`.
    public init(store: any EventStoring, owner: String, fence: WriterFence, ttl: TimeInterval) {
        self.store = store
        self.owner = owner
        self.fence = fence
        self.ttl = ttl
    }

    /// Renews when a second has passed; false once another process holds the lease (or took it since).
    public mutating func renewIfDue(now: Double) -> Bool {
        guard now - lastRenew >= 1 else { return true }
        lastRenew = now
        // A deleted or replaced store file: writing on would be lost, so this writer stops.
        guard !store.isDetachedFromPath else { return false }
        return (try? store.renewWriterLease(owner: owner, ttl: ttl, fence: fence)) == true
    }

    /// Why this writer stopped writing, for the log and the header.
    public func lossReason() -> String {
        if store.isDetachedFromPath { return "store file \(store.location) was deleted or replaced: this writer stops" }
        let holder = (try? store.writerLease())?.owner ?? "nobody"
        let epoch = (try? store.writerEpoch()).map(String.init) ?? "?"
        return "fenced: another writer (\(holder), epoch \(epoch)) took the writer lease of this one (epoch \(fence.epoch)), "
            + "which was paused or stalled past its \(Int(ttl)) s lease; nothing more is written"
    }

    /// Whether `error` is the store refusing a write of a fenced-off writer.
    public static func isFenced(_ error: any Error) -> Bool {
        if case .fenced? = error as? StoreError { return true }
        return false
    }
}

extension EventStoring {
    /// The writer's snapshot, then a checkpoint: a snapshot is the largest transaction, and SQLite's WAL must not keep
    /// its size.
    public func saveWriterSnapshot(_ state: FleetState, upToEventID: Int64, fence: WriterFence) throws {
        try saveSnapshot(state, upToEventID: upToEventID, fence: fence)
        try checkpoint(wait: 1)
    }
}

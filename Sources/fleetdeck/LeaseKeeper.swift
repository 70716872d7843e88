import FleetStore
import Foundation

/// Renews the writer lease once a second from a feed thread; both runners use it.
struct LeaseKeeper {
    let store: EventStore
    let owner: String
    private var lastRenew = 0.0

    init(store: EventStore, owner: String) {
        self.store = store
        self.owner = owner
    }

    /// Renews when a second has passed; false once another process holds the lease.
    mutating func renewIfDue(now: Double) -> Bool {
        guard now - lastRenew >= 1 else { return true }
        lastRenew = now
        // A deleted or replaced store file: writing on would be lost, so this writer stops.
        guard !store.isDetachedFromPath else { return false }
        return (try? store.renewWriterLease(owner: owner, now: Date(), ttl: Session.leaseTTL)) == true
    }
}

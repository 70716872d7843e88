import FleetPanes
import FleetStore

extension Session {
    /// The header's stale marker for the store's view; nil while it is current.
    var storeStaleness: StoreStaleness? {
        guard case .stale(let since, let reason) = storeLiveness else { return nil }
        return StoreStaleness(since: since.timeIntervalSince1970, reason: reason.summary)
    }
}

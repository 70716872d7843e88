import FleetCore

/// Remembers each feed's last stored failure, so that identical consecutive failures are stored once (a broken
/// source retried with backoff would otherwise fill the store with identical statuses).
public struct FailureMemory: Sendable {
    private var last: [String: String] = [:]

    /// Nothing remembered yet.
    public init() {}

    /// Whether `status` should be stored: any good update, or a failure that differs from the feed's last one.
    public mutating func isNew(_ status: FeedStatus) -> Bool {
        guard !status.ok else { last[status.name] = nil; return true }
        let error = status.error ?? ""
        defer { last[status.name] = error }
        return last[status.name] != error
    }

    /// Forgets `name`'s last failure (it recovered).
    public mutating func forget(_ name: String) { last[name] = nil }
}

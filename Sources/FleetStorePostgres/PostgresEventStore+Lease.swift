import FleetStore
import Foundation
import PostgresNIO

/// The writer lease on the server: one row, expiring by the server's `clock_timestamp()` (machines' clocks may
/// disagree), and an epoch in `meta` raised by every acquisition and checked inside every fenced write.
extension PostgresEventStore {
    /// Takes the lease for `owner` for `ttl` seconds of the server's clock if it is free, expired or already `owner`'s,
    /// and returns the fence of the new epoch; nil while another owner holds it.
    public func takeWriterLease(owner: String, ttl: TimeInterval) throws -> WriterFence? {
        try transaction(.write(durable: true)) { link in
            let holder = try link.query(
                "SELECT owner, expires_at > clock_timestamp() FROM writer_lease WHERE id = 1", "reading the lease"
            ).first?.decode((String, Bool).self)
            if let (current, live) = holder, current != owner, live { return nil }
            let epoch = try link.query("""
                UPDATE meta SET value = (value::int8 + 1)::text WHERE key = \(PostgresSchema.epochKey) RETURNING value::int8
                """, "raising the writer epoch").first?.decode(Int64.self)
            guard let epoch else { throw StoreError.io(path: location, detail: "meta holds no \(PostgresSchema.epochKey)") }
            try link.query("""
                INSERT INTO writer_lease (id, owner, expires_at) VALUES (1, \(owner), clock_timestamp() + make_interval(secs => \(ttl)))
                ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                """, "taking the lease")
            return WriterFence(takenAt: epoch)
        }
    }

    /// Extends `owner`'s lease to the server's now + `ttl`; false if the lease is no longer `owner`'s (or, with
    /// `fence`, if it was taken again since). A lease that expired but that nobody else took is still renewed.
    public func renewWriterLease(owner: String, ttl: TimeInterval, fence: WriterFence?) throws -> Bool {
        try transaction(.write(durable: false)) { link in
            if let fence, try Self.counter(PostgresSchema.epochKey, on: link) != fence.epoch { return false }
            let renewed = try !link.query("""
                UPDATE writer_lease SET expires_at = clock_timestamp() + make_interval(secs => \(ttl))
                WHERE id = 1 AND owner = \(owner) RETURNING 1
                """, "renewing the lease").isEmpty
            // The writer's heartbeat: followers that hear nothing for 3 s mark the store stale.
            if renewed { try Self.notifyFollowers(on: link) }
            return renewed
        }
    }

    /// Gives the lease up if `owner` holds it; otherwise does nothing.
    public func releaseWriterLease(owner: String) throws {
        try withLink { link in
            try link.query("DELETE FROM writer_lease WHERE id = 1 AND owner = \(owner)", "releasing the lease")
        }
    }

    /// The current lease holder and its expiry by the server's clock (possibly already past), or nil if none.
    public func writerLease() throws -> (owner: String, expiresAt: Date)? {
        let row = try withLink { link in
            try link.query("SELECT owner, extract(epoch FROM expires_at)::float8 FROM writer_lease WHERE id = 1",
                           "reading the lease").first?.decode((String, Double).self)
        }
        guard let (owner, expiresAt) = row else { return nil }
        return (owner, Date(timeIntervalSince1970: expiresAt))
    }

    /// The epoch of the newest lease acquisition (0 before the first).
    public func writerEpoch() throws -> Int64 {
        try withLink { link in try Self.counter(PostgresSchema.epochKey, on: link) }
    }
}

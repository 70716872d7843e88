import Foundation
import GRDB

/// The SQLite store is the embedded `EventStoring`: one file, its lease timed by this machine's clock.
extension EventStore: EventStoring {
    /// The path of the SQLite file.
    public var location: String { path }

    /// Up to `limit` events with ids greater than `id`, in id order, as their stored bytes.
    public func eventPayloads(after id: Int64, limit: Int) throws -> [(id: Int64, payload: Data)] {
        guard limit > 0 else { return [] }
        return try StoreError.guarding(path: path) {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, payload FROM events WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit])
                    .map { row in (row[0], row[1] ?? Data()) }
            }
        }
    }

    /// Takes the lease for `owner` until this machine's now + `ttl`; see `takeWriterLease(owner:now:ttl:)`.
    public func takeWriterLease(owner: String, ttl: TimeInterval) throws -> WriterFence? {
        try takeWriterLease(owner: owner, now: Date(), ttl: ttl)
    }

    /// Extends `owner`'s lease to this machine's now + `ttl`; see `renewWriterLease(owner:now:ttl:fence:)`.
    public func renewWriterLease(owner: String, ttl: TimeInterval, fence: WriterFence?) throws -> Bool {
        try renewWriterLease(owner: owner, now: Date(), ttl: ttl, fence: fence)
    }

    /// `transact` durably and unfenced; an SQLite file has no logins of its own, so `body` gets nil (the OS user acts).
    public func transactAsLogin<E: Codable & Sendable, R>(after: Int64, as: E.Type,
                                                          _ body: ([(id: Int64, event: E)], String?) throws -> (write: StoreWrite<E>?, result: R))
        throws -> (newer: [(id: Int64, event: E)], lastEventID: Int64, audit: [AuditEntry], result: R) {
        try transact(after: after, as: E.self, durable: true, fence: nil) { newer in try body(newer, nil) }
    }

    /// A `StoreWatcher` on the file, polling every `interval` seconds.
    public func makeWatcher(interval: TimeInterval, onChange: @escaping @Sendable (Int64) -> Void) throws -> any StoreWatching {
        try StoreWatcher(store: self, interval: interval, onChange: onChange)
    }
}

extension StoreWatcher: StoreWatching {}

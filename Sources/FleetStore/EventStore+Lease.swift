import Foundation
import GRDB

/// The writer lease: exactly one process per store runs the feeds, the others follow the log.
///
/// Times come from the caller (`now`) so that tests and replays control the clock; every change
/// happens in one IMMEDIATE transaction, so two processes can never both believe they hold it.
extension EventStore {
    /// Takes the lease for `owner` until `now + ttl` if it is free, expired, or already `owner`'s.
    public func acquireWriterLease(owner: String, now: Date, ttl: TimeInterval) throws -> Bool {
        let now = now.timeIntervalSince1970
        return try StoreError.guarding(path: path) {
            try pool.writeWithoutTransaction { db in
                var acquired = false
                try db.inTransaction(.immediate) {
                    if let row = try Row.fetchOne(db, sql: "SELECT owner, expires_at FROM writer_lease WHERE id = 1") {
                        let holder: String? = row[0]
                        let expiresAt: Double? = row[1]
                        if holder != owner, let expiresAt, expiresAt > now { return .commit }
                    }
                    try db.execute(sql: """
                        INSERT INTO writer_lease (id, owner, expires_at) VALUES (1, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                        """, arguments: [owner, now + ttl])
                    acquired = true
                    return .commit
                }
                return acquired
            }
        }
    }

    /// Extends `owner`'s lease to `now + ttl`; false if the lease is no longer `owner`'s.
    ///
    /// A lease that expired but that nobody else took is still renewed: no other writer can have run.
    public func renewWriterLease(owner: String, now: Date, ttl: TimeInterval) throws -> Bool {
        let expiresAt = now.timeIntervalSince1970 + ttl
        return try StoreError.guarding(path: path) {
            try pool.write { db in
                try db.execute(sql: "UPDATE writer_lease SET expires_at = ? WHERE id = 1 AND owner = ?",
                               arguments: [expiresAt, owner])
                return db.changesCount > 0
            }
        }
    }

    /// Gives the lease up if `owner` holds it; otherwise does nothing.
    public func releaseWriterLease(owner: String) throws {
        try StoreError.guarding(path: path) {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM writer_lease WHERE id = 1 AND owner = ?", arguments: [owner])
            }
        }
    }

    /// The current lease holder and expiry as stored (possibly already expired), or nil if none.
    public func writerLease() throws -> (owner: String, expiresAt: Date)? {
        let row = try StoreError.guarding(path: path) {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT owner, expires_at FROM writer_lease WHERE id = 1")
                    .map { row -> (String?, Double?) in (row[0], row[1]) }
            }
        }
        guard let (owner, expiresAt) = row, let owner, let expiresAt else { return nil }
        return (owner, Date(timeIntervalSince1970: expiresAt))
    }
}

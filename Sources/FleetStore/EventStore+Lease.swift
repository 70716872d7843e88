import Foundation
import GRDB

/// Proof that this process took the writer lease at `epoch`: writes made with it are refused once another
/// acquisition raised the store's epoch (a writer paused past its lease and resumed writes nothing).
public struct WriterFence: Sendable, Hashable {
    /// The store's writer epoch when the lease was taken; every acquisition increments it.
    public let epoch: Int64
}

/// The writer lease: exactly one process per store runs the feeds, the others follow the log.
///
/// Times come from the caller (`now`) so that tests and replays control the clock; every change
/// happens in one IMMEDIATE transaction, so two processes can never both believe they hold it.
/// The epoch lives in `meta` rather than in the lease row, so releasing the lease never resets it.
extension EventStore {
    static let epochKey = "writer_epoch"

    /// Takes the lease for `owner` until `now + ttl` if it is free, expired, or already `owner`'s, and returns the
    /// fence of the new epoch; nil while another owner holds it.
    public func takeWriterLease(owner: String, now: Date, ttl: TimeInterval) throws -> WriterFence? {
        let now = now.timeIntervalSince1970
        return try StoreError.guarding(path: path) {
            try pool.writeWithoutTransaction { db in
                var fence: WriterFence?
                try db.inTransaction(.immediate) {
                    if let row = try Row.fetchOne(db, sql: "SELECT owner, expires_at FROM writer_lease WHERE id = 1") {
                        let holder: String? = row[0]
                        let expiresAt: Double? = row[1]
                        if holder != owner, let expiresAt, expiresAt > now { return .commit }
                    }
                    let epoch = try Self.epoch(db) + 1
                    try db.execute(sql: """
                        INSERT INTO meta (key, value) VALUES (?, ?)
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value
                        """, arguments: [Self.epochKey, String(epoch)])
                    try db.execute(sql: """
                        INSERT INTO writer_lease (id, owner, expires_at) VALUES (1, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                        """, arguments: [owner, now + ttl])
                    fence = WriterFence(epoch: epoch)
                    return .commit
                }
                return fence
            }
        }
    }

    /// Takes the lease for `owner` until `now + ttl` if it is free, expired, or already `owner`'s.
    public func acquireWriterLease(owner: String, now: Date, ttl: TimeInterval) throws -> Bool {
        try takeWriterLease(owner: owner, now: now, ttl: ttl) != nil
    }

    /// Extends `owner`'s lease to `now + ttl`; false if the lease is no longer `owner`'s (or, with `fence`, if it was
    /// taken again since, even by the same owner).
    ///
    /// A lease that expired but that nobody else took is still renewed: no other writer can have run.
    public func renewWriterLease(owner: String, now: Date, ttl: TimeInterval, fence: WriterFence? = nil) throws -> Bool {
        let expiresAt = now.timeIntervalSince1970 + ttl
        return try StoreError.guarding(path: path) {
            try pool.write { db in
                if let fence, try Self.epoch(db) != fence.epoch { return false }
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

    /// The epoch of the newest lease acquisition (0 before the first).
    public func writerEpoch() throws -> Int64 {
        try StoreError.guarding(path: path) { try pool.read { db in try Self.epoch(db) } }
    }

    static func epoch(_ db: Database) throws -> Int64 {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [epochKey]).flatMap { Int64($0) } ?? 0
    }

    /// Inside a write transaction: refuses the write when `fence` is no longer the store's epoch.
    func check(_ fence: WriterFence?, in db: Database) throws {
        guard let fence else { return }
        let current = try Self.epoch(db)
        if current != fence.epoch { throw StoreError.fenced(path: path, epoch: fence.epoch, current: current) }
    }
}

import Foundation

/// What the writer loop, followers, governance and the CLI need from a store: an event log with gapless ids in commit
/// order, snapshots, the writer lease with its fence, and the hash-chained audit log.
///
/// `EventStore` (one SQLite file, the embedded default) and the PostgreSQL store (`FleetStorePostgres`, shared by a
/// team) both conform and pass the same contract tests. Payloads are the caller's `Codable` values, stored as the same
/// JSON bytes everywhere; snapshots are `BinarySnapshot` bytes. Every method throws `StoreError`.
public protocol EventStoring: AnyObject, Sendable {
    /// Where the store is, for messages: a file path, or a URL without its password.
    var location: String { get }
    /// Whether the store is no longer the one opened (a file deleted or replaced); writing on would be lost.
    var isDetachedFromPath: Bool { get }

    // MARK: Events

    /// Appends `events` in one transaction and returns the id of the last one (0 if `events` is empty); with the
    /// writer's `fence`, nothing is written (`StoreError.fenced`) once another writer took the lease.
    func append<E: Encodable>(_ events: [E], fence: WriterFence?) throws -> Int64
    /// Like `append(_:fence:)` without a fence, committed so that it survives power loss.
    func appendDurably<E: Encodable>(_ events: [E]) throws -> Int64
    /// Up to `limit` events with ids greater than `id`, in id order, decoded as `E`.
    func events<E: Decodable>(after id: Int64, limit: Int, as: E.Type) throws -> [(id: Int64, event: E)]
    /// Up to `limit` events with ids greater than `id`, in id order, as their stored bytes.
    func eventPayloads(after id: Int64, limit: Int) throws -> [(id: Int64, payload: Data)]
    /// The id of the last event ever appended (0 for a new store), even if compaction deleted it.
    func lastEventID() throws -> Int64
    /// Decides and writes atomically: under the store's write lock, hands `body` every event newer than `after`, then
    /// appends what it returns (events and audit records) in one transaction. The `fence` is checked before `body`
    /// runs; `durable` commits so that the write survives power loss. See `EventStore.transact`.
    func transact<E: Codable & Sendable, R>(after: Int64, as: E.Type, durable: Bool, fence: WriterFence?,
                                            _ body: ([(id: Int64, event: E)]) throws -> (write: StoreWrite<E>?, result: R))
        throws -> (newer: [(id: Int64, event: E)], lastEventID: Int64, audit: [AuditEntry], result: R)
    /// `transact` with `durable: true` and no fence that also hands `body` the login the store itself authenticated,
    /// read inside the same transaction (PostgreSQL's `session_user`); nil for a store without logins of its own (an
    /// SQLite file, where the OS user running the process acts).
    func transactAsLogin<E: Codable & Sendable, R>(after: Int64, as: E.Type,
                                                   _ body: ([(id: Int64, event: E)], String?) throws -> (write: StoreWrite<E>?, result: R))
        throws -> (newer: [(id: Int64, event: E)], lastEventID: Int64, audit: [AuditEntry], result: R)

    // MARK: Meta

    /// The value stored under `key` in the store's `meta` table, if any.
    func meta(_ key: String) throws -> String?
    /// Stores `value` under `key` (`schema_version`, `created_*`, the epoch and the audit head are the store's own).
    func setMeta(_ key: String, _ value: String) throws

    // MARK: Snapshots

    /// Saves `state` (as `BinarySnapshot` bytes) as the fold of all events up to `upToEventID`, keeps the newest two
    /// snapshots and deletes the events the older one covers; refused with a stale `fence`.
    func saveSnapshot<S: Encodable>(_ state: S, upToEventID: Int64, fence: WriterFence?) throws
    /// The newest snapshot and the id of the last event it covers, or nil if none was saved.
    func latestSnapshot<S: Decodable>(as: S.Type) throws -> (eventID: Int64, state: S)?
    /// The stored bytes of the newest snapshot and the id of the last event it covers.
    func latestSnapshotPayload() throws -> (eventID: Int64, payload: [UInt8])?
    /// After a snapshot or on close: gives back what the storage holds for readers (SQLite: a WAL checkpoint waiting
    /// at most `wait` seconds); false when it could not finish now.
    @discardableResult
    func checkpoint(wait: TimeInterval) throws -> Bool

    // MARK: Writer lease (timed by the store's clock)

    /// Takes the lease for `owner` for `ttl` seconds of the store's clock if it is free, expired or already `owner`'s,
    /// and returns the fence of the new epoch; nil while another owner holds it.
    func takeWriterLease(owner: String, ttl: TimeInterval) throws -> WriterFence?
    /// Extends `owner`'s lease by `ttl` seconds from the store's now; false if the lease is no longer `owner`'s (or,
    /// with `fence`, if it was taken again since).
    func renewWriterLease(owner: String, ttl: TimeInterval, fence: WriterFence?) throws -> Bool
    /// Gives the lease up if `owner` holds it; otherwise does nothing.
    func releaseWriterLease(owner: String) throws
    /// The current lease holder and expiry as stored (possibly already expired), or nil if none.
    func writerLease() throws -> (owner: String, expiresAt: Date)?
    /// The epoch of the newest lease acquisition (0 before the first).
    func writerEpoch() throws -> Int64

    // MARK: Audit

    /// Appends audit record `bodies` to the hash chain in one durable transaction and returns their entries.
    func appendAudit(_ bodies: [Data]) throws -> [AuditEntry]
    /// Checks the whole audit chain against itself and the head in `meta`; tampering is in the result, not thrown.
    func verifyAudit() throws -> AuditVerification
    /// Up to `limit` audit entries with seq greater than `seq`, in seq order, as stored (unverified).
    func auditEntries(after seq: Int64, limit: Int) throws -> [AuditEntry]

    // MARK: Following

    /// A watcher that calls `onChange` (on its own thread) with the new last event id when anyone appends.
    func makeWatcher(interval: TimeInterval, onChange: @escaping @Sendable (Int64) -> Void) throws -> any StoreWatching
}

/// Notices events appended to a store by any process; `start()` begins, `stop()` ends and waits for its thread.
public protocol StoreWatching: AnyObject, Sendable {
    /// The last event id seen.
    var lastSeenEventID: Int64 { get }
    /// Starts watching on a background thread; does nothing if already started.
    func start()
    /// Stops watching and waits (at most one poll away) for the thread to finish.
    func stop()
}

extension EventStoring {
    /// Catches `state` up under the write lock, lets `decide` choose what to write on that newest state, and commits
    /// it (events + audit, durably). `state` and `lastEventID` come back current, including what was written.
    ///
    /// `apply` folds events into the caller's state type; the store stays ignorant of it.
    public func decide<E: Codable & Sendable, S, R>(state: inout S, lastEventID: inout Int64, as: E.Type,
                                                     apply: (inout S, [E]) -> Void,
                                                     _ decide: (S) throws -> (write: StoreWrite<E>?, result: R)) throws -> R {
        var working = state
        let done = try transact(after: lastEventID, as: E.self, durable: true, fence: nil) {
            newer -> (write: StoreWrite<E>?, result: R) in
            apply(&working, newer.map(\.event))
            let (write, result) = try decide(working)
            if let write { apply(&working, write.events) }
            return (write, result)
        }
        state = working
        lastEventID = done.lastEventID
        return done.result
    }
}

extension EventStoring {
    /// `decide`, with `decide` also handed the login the store authenticated inside the transaction (see
    /// `transactAsLogin`): a person's decision is recorded under the name the database knows, never one the client claims.
    public func decideAsLogin<E: Codable & Sendable, S, R>(state: inout S, lastEventID: inout Int64, as: E.Type,
                                                            apply: (inout S, [E]) -> Void,
                                                            _ decide: (S, String?) throws -> (write: StoreWrite<E>?, result: R)) throws -> R {
        var working = state
        let done = try transactAsLogin(after: lastEventID, as: E.self) { newer, login -> (write: StoreWrite<E>?, result: R) in
            apply(&working, newer.map(\.event))
            let (write, result) = try decide(working, login)
            if let write { apply(&working, write.events) }
            return (write, result)
        }
        state = working
        lastEventID = done.lastEventID
        return done.result
    }
}

extension WriterFence {
    /// The fence of a lease taken at `epoch`: how another store of this package hands out its fences.
    package init(takenAt epoch: Int64) {
        self.init(epoch: epoch)
    }
}

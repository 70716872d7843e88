import Foundation
import GRDB

/// What a `transact` body decided to write: events and the audit records that go with them.
public struct StoreWrite<E: Encodable>: Sendable where E: Sendable {
    public var events: [E]
    /// Opaque audit bodies (JSON), hash-chained in the same transaction.
    public var audit: [Data]
    /// A write of `events` with `audit` records.
    public init(events: [E], audit: [Data]) {
        self.events = events
        self.audit = audit
    }
}

extension EventStore {
    /// Decides and writes atomically: under the store's write lock, hands `body` every event newer than `after`
    /// (so it decides on the newest state), then appends what it returns — events and audit records — in one
    /// transaction committed with `synchronous = FULL`. Returns the newer events, the id of the last event written
    /// (or of the last event seen when nothing was written), and the audit entries.
    ///
    /// `body` returning nil writes nothing. Two processes deciding at once are serialised: the second one's body
    /// sees the first one's events.
    ///
    /// The writer loop passes its `fence` (checked before `body` runs: a fenced-off writer is refused with
    /// `StoreError.fenced` and its body never sees anything) and `durable: false` (telemetry needs no fsync).
    public func transact<E: Codable & Sendable, R>(after: Int64, as: E.Type, durable: Bool = true, fence: WriterFence? = nil,
                                                    _ body: ([(id: Int64, event: E)]) throws -> (write: StoreWrite<E>?, result: R))
        throws -> (newer: [(id: Int64, event: E)], lastEventID: Int64, audit: [AuditEntry], result: R) {
        let decoder = StoreCoding.EventDecoder()
        return try StoreError.guarding(path: path) {
            try pool.writeWithoutTransaction { db in
                if durable { try db.execute(sql: "PRAGMA synchronous = FULL") }
                defer { if durable { try? db.execute(sql: "PRAGMA synchronous = NORMAL") } }
                var newer: [(id: Int64, event: E)] = []
                var last = after
                var entries: [AuditEntry] = []
                var result: R?
                try db.inTransaction(.immediate) {
                    try check(fence, in: db)
                    let rows = try Row.fetchAll(db, sql: "SELECT id, payload FROM events WHERE id > ? ORDER BY id", arguments: [after])
                    for row in rows {
                        let id: Int64 = row[0]
                        newer.append((id, try decode(E.self, from: row[1], eventID: id, decoder: decoder)))
                        last = id
                    }
                    let (write, value) = try body(newer)
                    result = value
                    guard let write, !write.events.isEmpty || !write.audit.isEmpty else { return .rollback }
                    let recordedAt = Date().timeIntervalSince1970
                    let insert = try db.cachedStatement(sql: "INSERT INTO events (recorded_at, payload) VALUES (?, ?)")
                    for payload in try StoreCoding.payloads(write.events, location: path) {
                        try insert.execute(arguments: [recordedAt, payload])
                        last = db.lastInsertedRowID
                    }
                    entries = try AuditChain.append(write.audit, in: db)
                    return .commit
                }
                guard let result else { throw StoreError.io(path: path, detail: "transaction body did not run") }
                return (newer, last, entries, result)
            }
        }
    }
}

import FleetStore
import Foundation
import PostgresNIO

extension PostgresEventStore {
    /// Appends `events` in one transaction and returns the id of the last one (0 if `events` is empty); with `fence`,
    /// refused (`StoreError.fenced`, nothing written) once another writer took the lease.
    public func append<E: Encodable>(_ events: [E], fence: WriterFence?) throws -> Int64 {
        try append(events, durable: false, fence: fence)
    }

    /// Like `append(_:fence:)`, committed only once the server has it on disk.
    public func appendDurably<E: Encodable>(_ events: [E]) throws -> Int64 {
        try append(events, durable: true, fence: nil)
    }

    private func append<E: Encodable>(_ events: [E], durable: Bool, fence: WriterFence?) throws(StoreError) -> Int64 {
        if events.isEmpty { return 0 }
        let payloads = try encode(events)
        return try transaction(.write(durable: durable)) { link in
            try check(fence, on: link)
            let last = try Self.insert(payloads, on: link)
            try Self.notifyFollowers(on: link)
            return last
        }
    }

    /// Up to `limit` events with ids greater than `id`, in id order, decoded as `E`.
    public func events<E: Decodable>(after id: Int64, limit: Int, as: E.Type) throws -> [(id: Int64, event: E)] {
        try decode(E.self, try eventPayloads(after: id, limit: limit))
    }

    /// Up to `limit` events with ids greater than `id`, in id order, as their stored bytes.
    public func eventPayloads(after id: Int64, limit: Int) throws -> [(id: Int64, payload: Data)] {
        guard limit > 0 else { return [] }
        return try withLink { link in try Self.payloads(after: id, limit: limit, on: link) }
    }

    /// The id of the last event ever appended (0 for a new store), even if compaction deleted it.
    public func lastEventID() throws -> Int64 {
        try withLink { link in try Self.counter(PostgresSchema.lastEventIDKey, on: link) }
    }

    /// Decides and writes atomically under the write lock: `body` sees every event newer than `after` and what it
    /// returns (events and audit records) is committed in the same transaction. See `EventStoring.transact`.
    public func transact<E: Codable & Sendable, R>(after: Int64, as: E.Type, durable: Bool, fence: WriterFence?,
                                                   _ body: ([(id: Int64, event: E)]) throws -> (write: StoreWrite<E>?, result: R))
        throws -> (newer: [(id: Int64, event: E)], lastEventID: Int64, audit: [AuditEntry], result: R) {
        try transact(after: after, as: E.self, durable: durable, fence: fence, readsLogin: false) { newer, _ in try body(newer) }
    }

    /// `transact` durably and unfenced, handing `body` the `session_user` read inside the same transaction: the
    /// role the server authenticated, whatever the client calls itself.
    public func transactAsLogin<E: Codable & Sendable, R>(after: Int64, as: E.Type,
                                                          _ body: ([(id: Int64, event: E)], String?) throws -> (write: StoreWrite<E>?, result: R))
        throws -> (newer: [(id: Int64, event: E)], lastEventID: Int64, audit: [AuditEntry], result: R) {
        try transact(after: after, as: E.self, durable: true, fence: nil, readsLogin: true, body)
    }

    private func transact<E: Codable & Sendable, R>(after: Int64, as: E.Type, durable: Bool, fence: WriterFence?, readsLogin: Bool,
                                                    _ body: ([(id: Int64, event: E)], String?) throws -> (write: StoreWrite<E>?, result: R))
        throws -> (newer: [(id: Int64, event: E)], lastEventID: Int64, audit: [AuditEntry], result: R) {
        try transaction(.write(durable: durable)) { link in
            try check(fence, on: link)
            let login: String? = if readsLogin {
                try link.query("SELECT session_user::text", "reading the login").first?.decode(String.self)
            } else { nil }
            let newer = try decode(E.self, try Self.payloads(after: after, limit: nil, on: link))
            var last = newer.last?.id ?? after
            let (write, result) = try body(newer, login)
            var entries: [AuditEntry] = []
            if let write {
                if !write.events.isEmpty { last = try Self.insert(try encode(write.events), on: link) }
                entries = try PostgresAudit.append(write.audit, on: link)
                try Self.notifyFollowers(on: link)
            }
            return (newer, last, entries, result)
        }
    }

    // MARK: Inside a transaction

    /// Numbers `payloads` from the counter in `meta` and inserts them; returns the last id. Runs under the write lock,
    /// so the ids are gapless and no later-committing transaction can hold a smaller one.
    static func insert(_ payloads: [Data], on link: PostgresLink) throws -> Int64 {
        let count = Int64(payloads.count)
        let rows = try link.query("""
            UPDATE meta SET value = (value::int8 + \(count))::text WHERE key = \(PostgresSchema.lastEventIDKey)
            RETURNING value::int8
            """, "numbering events")
        guard let last = try rows.first?.decode(Int64.self) else {
            throw StoreError.io(path: link.location, detail: "meta holds no \(PostgresSchema.lastEventIDKey) counter")
        }
        let recordedAt = Date().timeIntervalSince1970
        let buffers = payloads.map { ByteBuffer(bytes: $0) }
        try link.query("""
            INSERT INTO events (id, recorded_at, payload)
            SELECT \(last - count) + ordinality, \(recordedAt), payload
            FROM unnest(\(buffers)::bytea[]) WITH ORDINALITY AS batch(payload, ordinality)
            """, "appending \(count) events")
        return last
    }

    /// Events with ids greater than `id`, in id order, at most `limit` of them (all when nil).
    static func payloads(after id: Int64, limit: Int?, on link: PostgresLink) throws -> [(id: Int64, payload: Data)] {
        let rows = if let limit {
            try link.query("SELECT id, payload FROM events WHERE id > \(id) ORDER BY id LIMIT \(Int64(limit))", "reading events")
        } else {
            try link.query("SELECT id, payload FROM events WHERE id > \(id) ORDER BY id", "reading events")
        }
        return try rows.map { row -> (id: Int64, payload: Data) in
            let (id, payload) = try row.decode((Int64, Data).self)
            return (id, payload)
        }
    }

    /// Inside a write transaction: refuses the write when `fence` is no longer the store's epoch.
    func check(_ fence: WriterFence?, on link: PostgresLink) throws {
        guard let fence else { return }
        let current = try Self.counter(PostgresSchema.epochKey, on: link)
        if current != fence.epoch { throw StoreError.fenced(path: location, epoch: fence.epoch, current: current) }
    }

    // MARK: Coding

    /// The payload bytes of `events`, exactly as the SQLite store writes them.
    func encode<E: Encodable>(_ events: [E]) throws(StoreError) -> [Data] {
        try StoreCoding.payloads(events, location: location)
    }

    /// `rows` decoded as `E`; a payload that does not decode names its event id.
    func decode<E: Decodable>(_: E.Type, _ rows: [(id: Int64, payload: Data)]) throws(StoreError) -> [(id: Int64, event: E)] {
        let decoder = StoreCoding.EventDecoder()
        var decoded: [(id: Int64, event: E)] = []
        decoded.reserveCapacity(rows.count)
        for (id, payload) in rows {
            do {
                decoded.append((id, try decoder.decode(E.self, from: payload)))
            } catch {
                throw .decode(path: location, eventID: id, detail: describe(decodingError: error))
            }
        }
        return decoded
    }
}

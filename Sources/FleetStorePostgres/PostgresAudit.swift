import Crypto
import FleetStore
import Foundation
import PostgresNIO

/// The hash-chained audit log on the server: the same rows, digest and head in `meta` as the SQLite store's
/// (`hash = sha256(prev_hash || int8send(seq) || body)`, so it can also be checked in SQL).
enum PostgresAudit {
    /// Rows read per round trip while verifying.
    static let page = 10_000

    /// Inside a write transaction: appends `bodies` after the head and returns their entries.
    static func append(_ bodies: [Data], on link: PostgresLink) throws -> [AuditEntry] {
        if bodies.isEmpty { return [] }
        guard let (count, head) = try readHead(on: link) else {
            throw StoreError.io(path: link.location, detail: "meta holds no valid audit chain head (audit_count, audit_head)")
        }
        var entries: [AuditEntry] = []
        entries.reserveCapacity(bodies.count)
        var previous = head
        for (offset, body) in bodies.enumerated() {
            let seq = count + Int64(offset) + 1
            let hash = Data(AuditChain.digest(previous: previous, seq: seq, body: body))
            entries.append(AuditEntry(seq: seq, body: body, previousHash: previous, hash: hash))
            previous = hash
        }
        try link.query("""
            INSERT INTO audit (seq, body, prev_hash, hash)
            SELECT * FROM unnest(\(entries.map(\.seq))::int8[], \(entries.map { ByteBuffer(bytes: $0.body) })::bytea[],
                                 \(entries.map { ByteBuffer(bytes: $0.previousHash) })::bytea[],
                                 \(entries.map { ByteBuffer(bytes: $0.hash) })::bytea[])
            """, "appending \(bodies.count) audit records")
        try setMeta(AuditChain.countKey, String(count + Int64(bodies.count)), on: link)
        try setMeta(AuditChain.headKey, AuditChain.hex(previous), on: link)
        return entries
    }

    /// Checks the whole chain in one consistent snapshot (`link` is inside a REPEATABLE READ transaction).
    static func verify(on link: PostgresLink) throws -> AuditVerification {
        guard let head = try readHead(on: link) else { return AuditVerifier.unreadableHead }
        var verifier = AuditVerifier(headCount: head.count, headHash: head.hash)
        var after = Int64.min
        while true {
            let rows = try link.query("""
                SELECT seq, prev_hash, hash, body FROM audit WHERE seq > \(after) ORDER BY seq LIMIT \(Int64(page))
                """, "reading audit records")
            for row in rows {
                let (seq, previous, hash, body) = try row.decode((Int64, Data, Data, Data).self)
                let failure = previous.withUnsafeBytes { previous in
                    hash.withUnsafeBytes { hash in
                        body.withUnsafeBytes { body in verifier.check(seq: seq, body: body, prevHash: previous, hash: hash) }
                    }
                }
                if let failure { return verifier.result(failure) }
                after = seq
            }
            if rows.count < page { return verifier.finish() }
        }
    }

    /// Up to `limit` entries with seq greater than `seq`, as stored.
    static func entries(after seq: Int64, limit: Int, on link: PostgresLink) throws -> [AuditEntry] {
        try link.query("""
            SELECT seq, body, prev_hash, hash FROM audit WHERE seq > \(seq) ORDER BY seq LIMIT \(Int64(limit))
            """, "reading audit records").map { row in
            let (seq, body, previous, hash) = try row.decode((Int64, Data, Data, Data).self)
            return AuditEntry(seq: seq, body: body, previousHash: previous, hash: hash)
        }
    }

    /// The head from `meta`: record count and last hash; nil if a key is missing or malformed.
    private static func readHead(on link: PostgresLink) throws -> (count: Int64, hash: Data)? {
        let count = try PostgresEventStore.meta(AuditChain.countKey, on: link).flatMap { Int64($0) }.flatMap { $0 >= 0 ? $0 : nil }
        let hash = try PostgresEventStore.meta(AuditChain.headKey, on: link).flatMap(AuditChain.bytes(hex:))
        guard let count, let hash, hash.count == AuditChain.genesis.count else { return nil }
        return (count, hash)
    }

    private static func setMeta(_ key: String, _ value: String, on link: PostgresLink) throws {
        try link.query("UPDATE meta SET value = \(value) WHERE key = \(key)", "updating the audit head")
    }
}

extension PostgresEventStore {
    /// Appends audit record `bodies` to the hash chain in one durable transaction and returns their entries.
    public func appendAudit(_ bodies: [Data]) throws -> [AuditEntry] {
        if bodies.isEmpty { return [] }
        return try transaction(.write(durable: true)) { link in
            let entries = try PostgresAudit.append(bodies, on: link)
            try Self.notifyFollowers(on: link)
            return entries
        }
    }

    /// Checks the whole audit chain, in one consistent snapshot, against itself and the head in `meta`.
    public func verifyAudit() throws -> AuditVerification {
        try transaction(.consistentRead) { link in try PostgresAudit.verify(on: link) }
    }

    /// Up to `limit` audit entries with seq greater than `seq`, in seq order, as stored (unverified).
    public func auditEntries(after seq: Int64, limit: Int) throws -> [AuditEntry] {
        guard limit > 0 else { return [] }
        return try withLink { link in try PostgresAudit.entries(after: seq, limit: limit, on: link) }
    }
}

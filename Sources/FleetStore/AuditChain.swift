import Crypto
import Foundation
import GRDB

/// One record of the audit log and its place in the hash chain.
public struct AuditEntry: Sendable, Hashable {
    /// Position in the chain: 1, 2, 3… without gaps.
    public let seq: Int64
    /// The record itself, opaque to the store (the caller's canonical JSON).
    public let body: Data
    /// The hash of record `seq - 1` (32 zero bytes for record 1).
    public let previousHash: Data
    /// SHA-256 of `previousHash`, `seq` as 8 bytes big-endian, and `body`.
    public let hash: Data

    /// An entry as stored; `verifyAudit()` is what checks that the fields agree.
    public init(seq: Int64, body: Data, previousHash: Data, hash: Data) {
        self.seq = seq
        self.body = body
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The hash chain over the `audit` table: `hash_n = SHA256(hash_{n-1} || seq_n (8 bytes BE) || body_n)`.
///
/// `meta` holds the head (`audit_count`, `audit_head` in hex), updated in the same transaction as every
/// append: rows deleted from the end are then caught too, which the links alone cannot show.
package enum AuditChain {
    /// `hash_0`, the previous hash of record 1.
    package static let genesis = Data(count: SHA256.byteCount)
    package static let countKey = "audit_count"
    package static let headKey = "audit_head"

    /// Appends `bodies` after the head and returns their entries; an empty `bodies` changes nothing.
    ///
    /// Runs inside the caller's write transaction (it opens none), so that events and their audit
    /// records commit together or not at all.
    package static func append(_ bodies: [Data], in db: Database) throws -> [AuditEntry] {
        if bodies.isEmpty { return [] }
        guard db.isInsideTransaction else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "audit records must be appended inside a write transaction")
        }
        guard let (count, head) = try readHead(db) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "meta holds no valid audit chain head (audit_count, audit_head)")
        }
        let insert = try db.cachedStatement(sql: "INSERT INTO audit (seq, body, prev_hash, hash) VALUES (?, ?, ?, ?)")
        var entries: [AuditEntry] = []
        entries.reserveCapacity(bodies.count)
        var previous = head
        for (offset, body) in bodies.enumerated() {
            let seq = count + Int64(offset) + 1
            let hash = Data(digest(previous: previous, seq: seq, body: body))
            try insert.execute(arguments: [seq, body, previous, hash])
            entries.append(AuditEntry(seq: seq, body: body, previousHash: previous, hash: hash))
            previous = hash
        }
        try db.execute(sql: """
            INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, arguments: [countKey, String(count + Int64(bodies.count)), headKey, hex(previous)])
        return entries
    }

    /// SHA-256 of `previous || seq (8 bytes big-endian) || body`.
    package static func digest(previous: Data, seq: Int64, body: Data) -> SHA256Digest {
        previous.withUnsafeBytes { previous in
            body.withUnsafeBytes { body in digest(previous: previous, seq: seq, body: body) }
        }
    }

    /// SHA-256 of `previous || seq (8 bytes big-endian) || body`, over bytes in place (SQLite's, when verifying).
    package static func digest(previous: UnsafeRawBufferPointer, seq: Int64, body: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bufferPointer: previous)
        withUnsafeBytes(of: seq.bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: body)
        return hasher.finalize()
    }

    /// The head from `meta`: record count and last hash; nil if a key is missing or malformed.
    static func readHead(_ db: Database) throws -> (count: Int64, hash: Data)? {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key IN (?, ?)", arguments: [countKey, headKey])
        var count: Int64?, hash: Data?
        for row in rows {
            let value: String? = row[1]
            switch row[0] as String? {
            case countKey: count = value.flatMap { Int64($0) }.flatMap { $0 >= 0 ? $0 : nil }
            case headKey: hash = value.flatMap(bytes(hex:)).flatMap { $0.count == SHA256.byteCount ? $0 : nil }
            default: break
            }
        }
        guard let count, let hash else { return nil }
        return (count, hash)
    }

    /// Lowercase hex of `bytes`.
    package static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of an even-length hex string, or nil if it is not one.
    package static func bytes(hex: String) -> Data? {
        let utf8 = Array(hex.utf8)
        guard utf8.count.isMultiple(of: 2) else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var data = Data(capacity: utf8.count / 2)
        for i in stride(from: 0, to: utf8.count, by: 2) {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            data.append(high << 4 | low)
        }
        return data
    }
}

import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// The outcome of `EventStore.verifyAudit()`: how far the chain holds, and the first problem if any.
public struct AuditVerification: Sendable, Hashable, CustomStringConvertible {
    /// Records that verified, from record 1 up to the first problem (all of them when intact).
    public let count: Int64
    /// Hex hash of the last record that verified: the chain head when intact, 64 zeros for an empty log.
    public let headHash: String
    /// The first problem in seq order; nil when the chain is intact.
    public let failure: AuditFailure?

    /// Whether every record, and the head in `meta`, checked out.
    public var isIntact: Bool { failure == nil }

    /// One line: the first problem, or the record count and head.
    public var description: String {
        failure?.description ?? "audit log intact: \(count) records, head \(headHash)"
    }
}

/// The first thing wrong with the audit chain: which record, what, and a one-line explanation.
public struct AuditFailure: Sendable, Hashable, CustomStringConvertible {
    /// What kind of tampering (or damage) the problem points to.
    public enum Kind: Sendable, Hashable {
        /// The record's hash does not recompute from its content: body or hash edited.
        case contentMismatch
        /// The record's previous hash is not the hash of the record before: inserted, reordered or rewritten.
        case brokenLink
        /// Records are missing before this one (seq gap): deleted.
        case missing
        /// A seq below 1: inserted.
        case outOfRange
        /// The record is past the head's count: appended without going through the log.
        case beyondHead
        /// The chain stops before the head's count: records deleted from the end.
        case truncated
        /// The chain's last hash is not the head's: the last records were replaced.
        case headMismatch
        /// `meta` holds no valid head (`audit_count`, `audit_head`).
        case headUnreadable
    }

    /// The first bad record: the first missing one for `.missing` and `.truncated`, 0 for `.headUnreadable`.
    public let seq: Int64
    /// What is wrong.
    public let kind: Kind
    /// One line naming the record, e.g. "record 17: hash does not match its content (edited?)".
    public let description: String
}

/// Checks rows fed in seq order against each other and the head, stopping at the first problem.
package struct AuditVerifier {
    private let headCount: Int64
    private let headHash: Data
    /// The seq the next row must have.
    private var expected: Int64 = 1
    /// The hash of the last row that verified; nil before record 1 (the genesis hash).
    private var previous: SHA256Digest?

    package init(headCount: Int64, headHash: Data) {
        self.headCount = headCount
        self.headHash = headHash
    }

    /// The problem with this row, if any; the buffers may point into SQLite's (valid until its next step).
    package mutating func check(seq: Int64, body: UnsafeRawBufferPointer, prevHash: UnsafeRawBufferPointer,
                        hash: UnsafeRawBufferPointer) -> AuditFailure? {
        if seq != expected {
            // Rows come in seq order, so a seq below the expected one can only be below 1.
            guard seq > expected else {
                return AuditFailure(seq: seq, kind: .outOfRange, description: "record \(seq): sequence numbers start at 1 (inserted?)")
            }
            let gone = seq - expected == 1 ? "record \(expected) is missing" : "records \(expected)…\(seq - 1) are missing"
            let after = expected == 1 ? "is the first record" : "follows \(expected - 1)"
            return AuditFailure(seq: expected, kind: .missing, description: "record \(seq) \(after): \(gone) (deleted?)")
        }
        if seq > headCount {
            return AuditFailure(seq: seq, kind: .beyondHead,
                                description: "record \(seq) is past the head's \(headCount) records (appended outside the log?)")
        }
        let linked = previous.map { $0.withUnsafeBytes { same($0, prevHash) } }
            ?? AuditChain.genesis.withUnsafeBytes { same($0, prevHash) }
        guard linked else {
            let before = seq == 1 ? "the chain's start (32 zero bytes)" : "record \(seq - 1)'s hash"
            return AuditFailure(seq: seq, kind: .brokenLink,
                                description: "record \(seq): previous hash does not match \(before) (inserted or reordered?)")
        }
        // prev_hash equals the previous hash here, so hashing the stored bytes hashes the chain's.
        let digest = AuditChain.digest(previous: prevHash, seq: seq, body: body)
        guard digest.withUnsafeBytes({ same($0, hash) }) else {
            return AuditFailure(seq: seq, kind: .contentMismatch, description: "record \(seq): hash does not match its content (edited?)")
        }
        previous = digest
        expected += 1
        return nil
    }

    /// Byte equality; hashes of a public log are no secret, so no constant-time compare is needed.
    private func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return a.isEmpty }
        return memcmp(x, y, a.count) == 0
    }

    /// After the last row: the chain must end where the head says, on the head's hash.
    package func finish() -> AuditVerification {
        let last = expected - 1
        let lastHash = previous.map { Data($0) } ?? AuditChain.genesis
        var failure: AuditFailure?
        if last < headCount {
            failure = AuditFailure(seq: last + 1, kind: .truncated,
                                   description: "chain ends at \(last) but the head says \(headCount) records (records deleted from the end?)")
        } else if lastHash != headHash {
            failure = AuditFailure(seq: last, kind: .headMismatch,
                                   description: "record \(last): hash differs from the head in meta (last records replaced?)")
        }
        return result(failure)
    }

    /// The verification so far, with `failure`.
    package func result(_ failure: AuditFailure?) -> AuditVerification {
        AuditVerification(count: expected - 1, headHash: AuditChain.hex(previous.map { Data($0) } ?? AuditChain.genesis),
                          failure: failure)
    }

    /// The verdict on a store whose `meta` holds no valid head.
    package static let unreadableHead = AuditVerification(
        count: 0, headHash: AuditChain.hex(AuditChain.genesis),
        failure: AuditFailure(seq: 0, kind: .headUnreadable,
                              description: "meta holds no valid audit chain head (audit_count, audit_head missing or malformed)"))

    /// Streams the whole `audit` table of `db` in seq order through a verifier.
    static func verify(_ db: Database) throws -> AuditVerification {
        guard let head = try AuditChain.readHead(db) else { return unreadableHead }
        var verifier = AuditVerifier(headCount: head.count, headHash: head.hash)
        // A cursor, and blobs read in place through the C API (no Data per column): a million records
        // never sit in memory, nor cost three allocations each.
        let statement = try db.makeStatement(sql: "SELECT seq, prev_hash, hash, body FROM audit ORDER BY seq")
        let rows = try Row.fetchCursor(statement)
        let sqlite = statement.sqliteStatement
        while try rows.next() != nil {
            let failure = verifier.check(seq: sqlite3_column_int64(sqlite, 0), body: blob(sqlite, 3),
                                         prevHash: blob(sqlite, 1), hash: blob(sqlite, 2))
            if let failure { return verifier.result(failure) }
        }
        return verifier.finish()
    }

    /// Column `index` of the current row as bytes owned by SQLite (empty for NULL).
    private static func blob(_ statement: SQLiteStatement, _ index: Int32) -> UnsafeRawBufferPointer {
        // sqlite3_column_blob before sqlite3_column_bytes, as SQLite documents.
        let start = sqlite3_column_blob(statement, index)
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, index)))
    }
}

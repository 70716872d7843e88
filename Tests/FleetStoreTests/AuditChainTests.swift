import Foundation
import GRDB
import Testing
@testable import FleetStore

/// A body like the caller's canonical JSON; record n is `{"n":n,...}`.
private func auditBody(_ n: Int) -> Data {
    Data(#"{"n":\#(n),"actor":"alice","action":"request.approved","subject":"req-\#(n)","reason":"r"}"#.utf8)
}

/// A store in a fresh directory holding `count` audit records appended in several batches.
private func auditStore(_ dir: TempDir, count: Int = 300) throws -> EventStore {
    let store = try EventStore(path: dir.path())
    var next = 1
    for size in [1, 49, 100, count - 150] where next <= count {
        let batch = (next..<min(next + size, count + 1)).map(auditBody)
        let entries = try store.appendAudit(batch)
        #expect(entries.first?.seq == Int64(next))
        next += batch.count
    }
    return store
}

/// Runs `sql` on the store file through a connection of its own, as someone tampering with it would.
private func tamper(_ path: String, _ sql: String, _ arguments: StatementArguments = []) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in try db.execute(sql: sql, arguments: arguments) }
    try queue.close()
}

/// One way of tampering with a 300-record log and what verification must report first.
struct Tampering: Sendable, CustomTestStringConvertible {
    let name: String
    let sql: String
    let seq: Int64
    let kind: AuditFailure.Kind
    let says: String
    var testDescription: String { name }
}

@Suite("Audit chain")
struct AuditChainTests {
    @Test("appends in batches chain from 32 zero bytes and verify")
    func intact() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try auditStore(dir)
        let result = try store.verifyAudit()
        #expect(result.isIntact)
        #expect(result.count == 300)
        #expect(result.headHash == (try store.meta("audit_head")))
        #expect(try store.meta("audit_count") == "300")

        let entries = try store.auditEntries(after: 0, limit: 1000)
        #expect(entries.map(\.seq) == Array(1...300))
        #expect(entries.map(\.body) == (1...300).map(auditBody))
        #expect(entries[0].previousHash == Data(count: 32))
        for (earlier, later) in zip(entries, entries.dropFirst()) {
            #expect(later.previousHash == earlier.hash)
        }
        #expect(AuditChain.hex(entries[299].hash) == result.headHash)
        #expect(try store.auditEntries(after: 295, limit: 3).map(\.seq) == [296, 297, 298])
        #expect(try store.auditEntries(after: 300, limit: 3).isEmpty)
    }

    @Test("hash_1 = SHA256(32 zero bytes || seq 1 as 8 bytes big-endian || body)")
    func hashFormula() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        let entry = try store.appendAudit([Data(#"{"n":1}"#.utf8)])
        // Computed independently (Python hashlib).
        #expect(entry.map { AuditChain.hex($0.hash) } == ["71c7c5b9355835ebd870619966b2b42262ff5037b1a82ffb7bf05a6d5605bfb3"])
    }

    @Test("an empty log is intact; an empty append changes nothing")
    func empty() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        #expect(try store.appendAudit([]).isEmpty)
        let result = try store.verifyAudit()
        #expect(result.isIntact)
        #expect(result.count == 0)
        #expect(result.headHash == String(repeating: "0", count: 64))
    }

    static let tamperings: [Tampering] = [
        Tampering(name: "body edited", sql: "UPDATE audit SET body = CAST('{\"n\":17}' AS BLOB) WHERE seq = 17",
                  seq: 17, kind: .contentMismatch, says: "record 17: hash does not match its content (edited?)"),
        Tampering(name: "hash changed", sql: "UPDATE audit SET hash = zeroblob(32) WHERE seq = 17",
                  seq: 17, kind: .contentMismatch, says: "record 17: hash does not match its content"),
        Tampering(name: "prev_hash changed", sql: "UPDATE audit SET prev_hash = zeroblob(32) WHERE seq = 17",
                  seq: 17, kind: .brokenLink, says: "record 17: previous hash does not match record 16's hash"),
        Tampering(name: "bodies of 30 and 31 swapped",
                  sql: """
                      UPDATE audit SET body = CASE seq WHEN 30 THEN (SELECT body FROM audit WHERE seq = 31)
                                                       ELSE (SELECT body FROM audit WHERE seq = 30) END
                      WHERE seq IN (30, 31)
                      """,
                  seq: 30, kind: .contentMismatch, says: "record 30: hash does not match its content"),
        Tampering(name: "rows 30 and 31 swapped whole",
                  sql: "UPDATE audit SET seq = CASE seq WHEN 30 THEN -31 ELSE -30 END WHERE seq IN (30, 31); UPDATE audit SET seq = -seq WHERE seq < 0",
                  seq: 30, kind: .brokenLink, says: "record 30: previous hash does not match record 29's hash (inserted or reordered?)"),
        Tampering(name: "record inserted with a junk hash, later seqs shifted",
                  sql: """
                      UPDATE audit SET seq = -seq WHERE seq >= 50; UPDATE audit SET seq = 1 - seq WHERE seq < 0;
                      INSERT INTO audit VALUES (50, CAST('{}' AS BLOB), (SELECT hash FROM audit WHERE seq = 49), zeroblob(32))
                      """,
                  seq: 50, kind: .contentMismatch, says: "record 50: hash does not match its content"),
        Tampering(name: "record 0 inserted", sql: "INSERT INTO audit VALUES (0, CAST('{}' AS BLOB), zeroblob(32), zeroblob(32))",
                  seq: 0, kind: .outOfRange, says: "record 0: sequence numbers start at 1"),
        Tampering(name: "record appended without updating the head",
                  sql: "INSERT INTO audit VALUES (301, CAST('{}' AS BLOB), (SELECT hash FROM audit WHERE seq = 300), zeroblob(32))",
                  seq: 301, kind: .beyondHead, says: "record 301 is past the head's 300 records"),
        Tampering(name: "middle record deleted", sql: "DELETE FROM audit WHERE seq = 17",
                  seq: 17, kind: .missing, says: "record 18 follows 16: record 17 is missing (deleted?)"),
        Tampering(name: "several middle records deleted", sql: "DELETE FROM audit WHERE seq BETWEEN 17 AND 19",
                  seq: 17, kind: .missing, says: "record 20 follows 16: records 17…19 are missing (deleted?)"),
        Tampering(name: "first record deleted", sql: "DELETE FROM audit WHERE seq = 1",
                  seq: 1, kind: .missing, says: "record 2 is the first record: record 1 is missing"),
        Tampering(name: "last record deleted", sql: "DELETE FROM audit WHERE seq = 300",
                  seq: 300, kind: .truncated,
                  says: "chain ends at 299 but the head says 300 records (records deleted from the end?)"),
        Tampering(name: "last record deleted, count lowered but not the head",
                  sql: "DELETE FROM audit WHERE seq = 300; UPDATE meta SET value = '299' WHERE key = 'audit_count'",
                  seq: 299, kind: .headMismatch, says: "record 299: hash differs from the head in meta"),
        Tampering(name: "all records deleted", sql: "DELETE FROM audit",
                  seq: 1, kind: .truncated, says: "chain ends at 0 but the head says 300 records"),
        Tampering(name: "head removed from meta", sql: "DELETE FROM meta WHERE key = 'audit_head'",
                  seq: 0, kind: .headUnreadable, says: "meta holds no valid audit chain head"),
    ]

    @Test("tampering is detected at the first bad record", arguments: tamperings)
    func tampered(_ tampering: Tampering) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try auditStore(dir)
        try tamper(dir.path(), tampering.sql)
        let result = try store.verifyAudit()
        #expect(!result.isIntact)
        #expect(result.failure?.seq == tampering.seq)
        #expect(result.failure?.kind == tampering.kind)
        #expect(result.description.contains(tampering.says), "\(result.description)")
        #expect(!result.description.contains("\n"))
    }

    @Test("a record re-hashed after editing breaks the next record's link")
    func rehashedEdit() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try auditStore(dir)
        let previous = try #require(try store.auditEntries(after: 15, limit: 1).first)
        #expect(previous.seq == 16)
        let forged = Data(#"{"n":17,"actor":"mallory"}"#.utf8)
        let hash = Data(AuditChain.digest(previous: previous.hash, seq: 17, body: forged))
        try tamper(dir.path(), "UPDATE audit SET body = ?, hash = ? WHERE seq = 17", [forged, hash])
        let result = try store.verifyAudit()
        #expect(result.failure?.seq == 18)
        #expect(result.failure?.kind == .brokenLink)
        #expect(result.count == 17)
    }

    @Test("reopening the store and appending continues the chain")
    func reopenContinues() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let head = try auditStore(dir).verifyAudit()
        let store = try EventStore(path: dir.path())
        let more = try store.appendAudit((301...310).map(auditBody))
        #expect(more.map(\.seq) == Array(301...310))
        #expect(more.first.map { AuditChain.hex($0.previousHash) } == head.headHash)
        let result = try store.verifyAudit()
        #expect(result.isIntact)
        #expect(result.count == 310)
    }

    @Test("appends run inside the caller's transaction: a rollback leaves no record and the old head")
    func appendIsTransactional() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try auditStore(dir, count: 5)
        struct Abort: Error {}
        #expect(throws: StoreError.self) {
            try store.write(durable: false) { db in
                _ = try AuditChain.append([auditBody(6)], in: db)
                throw Abort()
            }
        }
        #expect(try store.verifyAudit().count == 5)
        #expect(try store.meta("audit_count") == "5")
        // Outside a transaction it refuses rather than commit records one by one.
        #expect(throws: DatabaseError.self) {
            try store.pool.writeWithoutTransaction { db in _ = try AuditChain.append([auditBody(6)], in: db) }
        }
        #expect(try store.verifyAudit().count == 5)
    }

    @Test("appending onto a head removed from meta is refused as .corrupt")
    func appendNeedsHead() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try auditStore(dir, count: 5)
        try tamper(dir.path(), "DELETE FROM meta WHERE key = 'audit_count'")
        let error = storeError { _ = try store.appendAudit([auditBody(6)]) }
        guard case .corrupt? = error else {
            Issue.record("expected .corrupt, got \(String(describing: error))")
            return
        }
    }

    @Test("a version 1 store opens read-only only after a read-write open migrated it to version 2")
    func migratesVersion1() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path()
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v1")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO events (recorded_at, payload) VALUES (1, CAST('{}' AS BLOB))")
            }
            try queue.close()
        }
        #expect(try StoreInspection.inspect(path: path, integrityCheck: true) == .ours(version: 1))
        guard case .io? = storeError({ _ = try EventStore(path: path, readOnly: true) }) else {
            Issue.record("a read-only open of a version 1 store must ask for an upgrade")
            return
        }
        let store = try EventStore(path: path)
        #expect(try store.meta("schema_version") == "2")
        #expect(try store.lastEventID() == 1)
        #expect(try store.verifyAudit().isIntact)
        #expect(try store.appendAudit([auditBody(1)]).map(\.seq) == [1])
        #expect(try EventStore(path: path, readOnly: true).verifyAudit().count == 1)
    }
}

import Foundation
import GRDB

extension EventStore {
    /// Appends audit record `bodies` to the hash chain in one fsynced transaction and returns their entries.
    ///
    /// Bodies are opaque to the store: the caller's canonical encoding, hashed byte for byte.
    public func appendAudit(_ bodies: [Data]) throws -> [AuditEntry] {
        if bodies.isEmpty { return [] }
        // Audit records are decisions: they must survive power loss, like appendDurably's events.
        return try write(durable: true) { db in try AuditChain.append(bodies, in: db) }
    }

    /// Checks the whole audit chain, record by record in seq order, against itself and the head in `meta`.
    ///
    /// Reads one consistent snapshot (appends committed meanwhile are not seen) through a cursor, so
    /// memory stays flat however long the log. Tampering is reported in the result, not thrown.
    public func verifyAudit() throws -> AuditVerification {
        try StoreError.guarding(path: path) {
            try pool.read { db in try AuditVerifier.verify(db) }
        }
    }

    /// Up to `limit` audit entries with seq greater than `seq`, in seq order, as stored (unverified).
    public func auditEntries(after seq: Int64, limit: Int) throws -> [AuditEntry] {
        guard limit > 0 else { return [] }
        return try StoreError.guarding(path: path) {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT seq, body, prev_hash, hash FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",
                                 arguments: [seq, limit])
                    .map { row in
                        AuditEntry(seq: row[0], body: row[1] ?? Data(), previousHash: row[2] ?? Data(), hash: row[3] ?? Data())
                    }
            }
        }
    }
}

import Foundation
import GRDB

extension EventStore {
    /// Rewrites every JSON snapshot (stores before the binary format) as a binary one, and moves `meta[key]` from
    /// `from` to `to`, in one transaction; returns the number of snapshots rewritten. Nothing changes unless
    /// `meta[key]` is still `from` (another process may have migrated the store first).
    @discardableResult
    public func migrateJSONSnapshots<S: Codable>(as: S.Type, metaKey key: String, from: String, to: String) throws -> Int {
        try StoreError.guarding(path: path) {
            try pool.write { db in
                let current = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
                guard current == from else { return 0 }
                let rows = try Row.fetchAll(db, sql: "SELECT id, event_id, payload FROM snapshots ORDER BY id")
                var rewritten = 0
                for row in rows {
                    let id: Int64 = row[0], eventID: Int64 = row[1]
                    let payload: Data = row[2] ?? Data()
                    if BinarySnapshot.isBinary(payload) { continue }
                    let state = try decode(S.self, from: payload, eventID: eventID, decoder: StoreCoding.decoder(), what: "JSON snapshot ")
                    try db.execute(sql: "UPDATE snapshots SET payload = ? WHERE id = ?",
                                   arguments: [Data(try BinarySnapshot.encode(state)), id])
                    rewritten += 1
                }
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, to])
                return rewritten
            }
        }
    }
}

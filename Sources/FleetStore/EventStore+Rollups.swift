import Foundation
import GRDB

extension EventStore {
    /// Stores the rollups of each period (`BinarySnapshot` bytes), replacing what was there; refused with a stale
    /// `fence`. Snapshot compaction never deletes them: only `deleteRollups` does.
    public func saveRollups<R: Encodable>(_ periods: [(start: Int64, value: R)], resolution: Int, fence: WriterFence? = nil) throws {
        guard !periods.isEmpty else { return }
        let payloads = try periods.map { (start: $0.start, bytes: Data(try RollupCoding.payload($0.value, start: $0.start, location: path))) }
        try write(durable: false) { db in
            try check(fence, in: db)
            let upsert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO kpi_rollups (resolution, start, payload) VALUES (?, ?, ?)")
            for p in payloads { try upsert.execute(arguments: [resolution, p.start, p.bytes]) }
        }
    }

    /// The rollups of `resolution` with `from <= start < to`, oldest first; none in a store older than the table.
    public func rollups<R: Decodable>(resolution: Int, from: Int64, to: Int64, as: R.Type) throws -> [(start: Int64, value: R)] {
        let rows: [(Int64, [UInt8])] = try StoreError.guarding(path: path) {
            try pool.read { db in
                guard try db.tableExists("kpi_rollups") else { return [] }
                return try Row.fetchAll(db, sql: """
                    SELECT start, payload FROM kpi_rollups WHERE resolution = ? AND start >= ? AND start < ? ORDER BY start
                    """, arguments: [resolution, from, to]).map { ($0[0], [UInt8](($0[1] as Data?) ?? Data())) }
            }
        }
        return try rows.map { (start: $0.0, value: try RollupCoding.value(R.self, from: $0.1, start: $0.0, location: path)) }
    }

    /// Deletes the rollups of `resolution` that start before `before`; returns how many.
    @discardableResult
    public func deleteRollups(resolution: Int, before: Int64) throws -> Int {
        try write(durable: false) { db in
            try db.execute(sql: "DELETE FROM kpi_rollups WHERE resolution = ? AND start < ?", arguments: [resolution, before])
            return db.changesCount
        }
    }
}

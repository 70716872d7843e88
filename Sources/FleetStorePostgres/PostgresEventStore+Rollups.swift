import FleetStore
import Foundation
import PostgresNIO

extension PostgresEventStore {
    /// Stores the rollups of each period (the SQLite store's bytes), replacing what was there; refused with a stale
    /// `fence`. Snapshot compaction never deletes them: only `deleteRollups` does.
    public func saveRollups<R: Encodable>(_ periods: [(start: Int64, value: R)], resolution: Int, fence: WriterFence?) throws {
        guard !periods.isEmpty else { return }
        let payloads = try periods.map { ByteBuffer(bytes: try RollupCoding.payload($0.value, start: $0.start, location: location)) }
        let starts = periods.map(\.start)
        try transaction(.write(durable: false)) { link in
            try check(fence, on: link)
            try link.query("""
                INSERT INTO kpi_rollups (resolution, start, payload)
                SELECT \(Int64(resolution)), s, p FROM unnest(\(starts)::int8[], \(payloads)::bytea[]) AS batch(s, p)
                ON CONFLICT (resolution, start) DO UPDATE SET payload = excluded.payload
                """, "saving KPI rollups")
        }
    }

    /// The rollups of `resolution` with `from <= start < to`, oldest first.
    public func rollups<R: Decodable>(resolution: Int, from: Int64, to: Int64, as: R.Type) throws -> [(start: Int64, value: R)] {
        let rows = try withLink { link in
            try link.query("""
                SELECT start, payload FROM kpi_rollups WHERE resolution = \(Int64(resolution)) AND start >= \(from) AND start < \(to)
                ORDER BY start
                """, "reading KPI rollups").map { row -> (Int64, [UInt8]) in
                let (start, payload) = try row.decode((Int64, Data).self)
                return (start, [UInt8](payload))
            }
        }
        return try rows.map { (start: $0.0, value: try RollupCoding.value(R.self, from: $0.1, start: $0.0, location: location)) }
    }

    /// Deletes the rollups of `resolution` that start before `before`; returns how many.
    @discardableResult
    public func deleteRollups(resolution: Int, before: Int64) throws -> Int {
        try transaction(.write(durable: false)) { link in
            try link.query("""
                WITH gone AS (DELETE FROM kpi_rollups WHERE resolution = \(Int64(resolution)) AND start < \(before) RETURNING 1)
                SELECT count(*) FROM gone
                """, "deleting old KPI rollups").first.map { Int(try $0.decode(Int64.self)) } ?? 0
        }
    }
}

import Foundation
import GRDB

extension EventStore {
    /// Copies the whole WAL into the database file and truncates the WAL to zero bytes, waiting at most `wait`
    /// seconds for readers (followers) to move on; false when they kept it from finishing (the next call retries).
    ///
    /// The writer calls it after each snapshot and on a clean exit, so the `-wal` file stays bounded; the wait is
    /// short because the same thread renews the writer lease.
    @discardableResult
    public func checkpoint(wait: TimeInterval = 1) throws -> Bool {
        try StoreError.guarding(path: path) {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA busy_timeout = \(Int(wait * 1000))")
                defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Int(Self.busyTimeout * 1000))") }
                do {
                    try db.checkpoint(.truncate)
                    return true
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                    return false
                }
            }
        }
    }

    /// Bytes in the store's `-wal` file now (0 when there is none).
    public var walBytes: Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }
}

import Foundation
import GRDB

extension EventStore {
    /// Saves `state` as the fold of all events up to `upToEventID`, then compacts.
    ///
    /// The state is written in the binary snapshot format (`BinarySnapshot`). Only the newest two snapshots are
    /// kept, and events covered by the older of them are deleted: the older snapshot plus the remaining events stay
    /// a complete fallback should the newest one become undecodable, while the file stays bounded. With the writer's
    /// `fence`, a writer that lost the lease saves nothing (`StoreError.fenced`).
    public func saveSnapshot<S: Encodable>(_ state: S, upToEventID: Int64, fence: WriterFence? = nil) throws {
        let payload: Data
        do {
            payload = Data(try BinarySnapshot.encode(state))
        } catch {
            throw StoreError.io(path: path, detail: "cannot encode snapshot at event \(upToEventID): \(error)")
        }
        let takenAt = Date().timeIntervalSince1970
        try StoreError.guarding(path: path) {
            try pool.write { db in
                try check(fence, in: db)
                try db.execute(sql: "INSERT INTO snapshots (event_id, taken_at, payload) VALUES (?, ?, ?)",
                               arguments: [upToEventID, takenAt, payload])
                try db.execute(sql: """
                    DELETE FROM snapshots WHERE id NOT IN
                        (SELECT id FROM snapshots ORDER BY event_id DESC, id DESC LIMIT 2)
                    """)
                let olderKept = try Int64.fetchOne(db, sql: """
                    SELECT event_id FROM snapshots ORDER BY event_id DESC, id DESC LIMIT 1 OFFSET 1
                    """)
                if let olderKept {
                    try db.execute(sql: "DELETE FROM events WHERE id <= ?", arguments: [olderKept])
                }
            }
        }
    }

    /// The newest snapshot and the id of the last event it covers, or nil if none was saved.
    public func latestSnapshot<S: Decodable>(as: S.Type) throws -> (eventID: Int64, state: S)? {
        guard let (eventID, payload) = try latestSnapshotPayload() else { return nil }
        do {
            return (eventID, try BinarySnapshot.decode(S.self, from: payload))
        } catch {
            throw StoreError.decode(path: path, eventID: eventID, detail: "snapshot " + describe(decodingError: error))
        }
    }

    /// The stored bytes of the newest snapshot and the id of the last event it covers.
    public func latestSnapshotPayload() throws -> (eventID: Int64, payload: [UInt8])? {
        try StoreError.guarding(path: path) {
            try pool.read { db -> (eventID: Int64, payload: [UInt8])? in
                let rows = try Row.fetchCursor(db, sql: "SELECT event_id, payload FROM snapshots ORDER BY event_id DESC, id DESC LIMIT 1")
                guard let row = try rows.next() else { return nil }
                // Read in place: the tens of MB are copied once, into the bytes the decoder reads (a fetched row
                // would copy them first).
                let payload = try row.withUnsafeData(atIndex: 1) { [UInt8]($0 ?? Data()) }
                return (row[0] as Int64, payload)
            }
        }
    }
}

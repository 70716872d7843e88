import FleetStore
import Foundation
import PostgresNIO

extension PostgresEventStore {
    /// Saves `state` (`BinarySnapshot` bytes, as the SQLite store) as the fold of all events up to `upToEventID`, keeps
    /// the newest two snapshots and deletes the events the older one covers; refused with a stale `fence`.
    public func saveSnapshot<S: Encodable>(_ state: S, upToEventID: Int64, fence: WriterFence?) throws {
        let payload: [UInt8]
        do {
            payload = try BinarySnapshot.encode(state)
        } catch {
            throw StoreError.io(path: location, detail: "cannot encode snapshot at event \(upToEventID): \(error)")
        }
        let takenAt = Date().timeIntervalSince1970
        try transaction(.write(durable: false)) { link in
            try check(fence, on: link)
            try link.query("""
                INSERT INTO snapshots (event_id, taken_at, payload) VALUES (\(upToEventID), \(takenAt), \(ByteBuffer(bytes: payload)))
                """, "saving a snapshot")
            try link.query("""
                DELETE FROM snapshots WHERE id NOT IN (SELECT id FROM snapshots ORDER BY event_id DESC, id DESC LIMIT 2)
                """, "dropping old snapshots")
            let olderKept = try link.query("""
                SELECT event_id FROM snapshots ORDER BY event_id DESC, id DESC LIMIT 1 OFFSET 1
                """, "reading the older snapshot").first?.decode(Int64.self)
            if let olderKept {
                try link.query("DELETE FROM events WHERE id <= \(olderKept)", "compacting events")
            }
        }
    }

    /// The newest snapshot and the id of the last event it covers, or nil if none was saved.
    public func latestSnapshot<S: Decodable>(as: S.Type) throws -> (eventID: Int64, state: S)? {
        guard let (eventID, payload) = try latestSnapshotPayload() else { return nil }
        do {
            return (eventID, try BinarySnapshot.decode(S.self, from: payload))
        } catch {
            throw StoreError.decode(path: location, eventID: eventID, detail: "snapshot " + describe(decodingError: error))
        }
    }

    /// The stored bytes of the newest snapshot and the id of the last event it covers.
    public func latestSnapshotPayload() throws -> (eventID: Int64, payload: [UInt8])? {
        try withLink { link in
            try link.query("SELECT event_id, payload FROM snapshots ORDER BY event_id DESC, id DESC LIMIT 1",
                           "reading the newest snapshot").first.map { row -> (eventID: Int64, payload: [UInt8]) in
                let (eventID, payload) = try row.decode((Int64, Data).self)
                return (eventID, [UInt8](payload))
            }
        }
    }

    /// Nothing to give back: the server manages its own write-ahead log.
    @discardableResult
    public func checkpoint(wait: TimeInterval) throws -> Bool { true }
}

import Foundation
import GRDB
import Testing
@testable import FleetStore

@Suite("Snapshots and compaction")
struct SnapshotTests {
    private func counts(_ store: EventStore) throws -> (snapshots: Int, events: Int, firstEvent: Int64?) {
        try store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM snapshots") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? -1,
             try Int64.fetchOne(db, sql: "SELECT min(id) FROM events"))
        }
    }

    @Test("keeps the newest two snapshots and deletes events covered by the older one")
    func compaction() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        #expect(try store.latestSnapshot(as: SampleState.self) == nil)
        _ = try store.append(sampleEvents(10))

        try store.saveSnapshot(SampleState(eventsSeen: 3, teams: []), upToEventID: 3)
        var now = try counts(store)
        #expect(now.snapshots == 1 && now.events == 10, "one snapshot alone compacts nothing")

        try store.saveSnapshot(SampleState(eventsSeen: 6, teams: []), upToEventID: 6)
        now = try counts(store)
        #expect(now.snapshots == 2 && now.events == 7 && now.firstEvent == 4)

        try store.saveSnapshot(SampleState(eventsSeen: 9, teams: ["x"]), upToEventID: 9)
        now = try counts(store)
        #expect(now.snapshots == 2 && now.events == 4 && now.firstEvent == 7)
        let latest = try store.latestSnapshot(as: SampleState.self)
        #expect(latest?.eventID == 9)
        #expect(latest?.state == SampleState(eventsSeen: 9, teams: ["x"]))
        #expect(try store.events(after: 0, as: SampleEvent.self).map(\.id) == [7, 8, 9, 10])
    }

    @Test("ids are never reused, even once compaction has deleted every event")
    func idsSurviveFullCompaction() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        _ = try store.append(sampleEvents(5))
        try store.saveSnapshot(SampleState(eventsSeen: 5, teams: []), upToEventID: 5)
        try store.saveSnapshot(SampleState(eventsSeen: 5, teams: []), upToEventID: 5)
        #expect(try counts(store).events == 0)
        #expect(try store.lastEventID() == 5)
        #expect(try store.append(sampleEvents(1)) == 6)
    }

    @Test("a snapshot that does not decode throws .decode with its event id")
    func undecodableSnapshot() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        try store.saveSnapshot(["not": "a state"], upToEventID: 0)
        let error = storeError { _ = try store.latestSnapshot(as: SampleState.self) }
        guard case let .decode(_, eventID, detail)? = error else {
            Issue.record("expected .decode, got \(String(describing: error))")
            return
        }
        #expect(eventID == 0)
        #expect(detail.hasPrefix("snapshot"))
    }
}

import Foundation
import GRDB
import Testing
@testable import FleetStore

@Suite("Event payloads: binary, and JSON of older stores still read")
struct EventCodingTests {
    @Test("appends and decisions store binary payloads that decode to the same events")
    func binaryPayloads() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        let events = sampleEvents(12)
        _ = try store.append(Array(events[..<6]))
        _ = try store.transact(after: 6, as: SampleEvent.self) { _ in (StoreWrite(events: Array(events[6...]), audit: []), ()) }
        let payloads = try store.eventPayloads(after: 0, limit: 100).map(\.payload)
        #expect(payloads.count == events.count)
        #expect(payloads.allSatisfy { $0.starts(with: BinaryEvent.magic) })
        #expect(try store.events(after: 0, as: SampleEvent.self).map(\.event) == events)
    }

    @Test("JSON events written by an older fleetdeck are read between binary ones, in id order")
    func jsonEventsOfOlderStores() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        _ = try store.append([SampleEvent.feedStale(name: "first")])
        let json = try StoreCoding.encoder().encode(SampleEvent.feedStale(name: "older"))
        try DatabaseQueue(path: dir.path()).write { db in
            try db.execute(sql: "INSERT INTO events (recorded_at, payload) VALUES (0, ?)", arguments: [json])
        }
        _ = try store.append([SampleEvent.feedStale(name: "third")])
        let read = try store.events(after: 0, as: SampleEvent.self)
        #expect(read.map(\.id) == [1, 2, 3])
        #expect(read.map(\.event) == [.feedStale(name: "first"), .feedStale(name: "older"), .feedStale(name: "third")])
    }

    @Test("a damaged binary payload is an error naming the event, never a crash")
    func damagedPayload() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        _ = try store.append(sampleEvents(1))
        let damaged = Data(BinaryEvent.magic + [0xFF, 0xFF, 0xFF])
        try DatabaseQueue(path: dir.path()).write { db in
            try db.execute(sql: "UPDATE events SET payload = ? WHERE id = 1", arguments: [damaged])
        }
        let error = storeError { _ = try store.events(after: 0, as: SampleEvent.self) }
        guard case .decode(_, let eventID, _) = error else {
            Issue.record("expected a decode error, got \(String(describing: error))")
            return
        }
        #expect(eventID == 1)
    }
}

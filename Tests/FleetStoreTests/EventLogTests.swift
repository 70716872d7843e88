import Foundation
import Testing
@testable import FleetStore

@Suite("Event log")
struct EventLogTests {
    @Test("append and read back a Codable enum, in id order")
    func roundTrip() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        #expect(try store.lastEventID() == 0)
        #expect(try store.append([SampleEvent]()) == 0)

        let events = sampleEvents(30)
        let last = try store.append(events)
        #expect(last == 30)
        #expect(try store.lastEventID() == 30)

        let read = try store.events(after: 0, as: SampleEvent.self)
        #expect(read.map(\.id) == Array(1...30))
        #expect(read.map(\.event) == events)

        let page = try store.events(after: 10, limit: 5, as: SampleEvent.self)
        #expect(page.map(\.id) == [11, 12, 13, 14, 15])
        #expect(try store.events(after: 30, as: SampleEvent.self).isEmpty)
        #expect(try store.events(after: 0, limit: 0, as: SampleEvent.self).isEmpty)
    }

    @Test("durable appends continue the same id sequence")
    func durableAppend() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        #expect(try store.append(sampleEvents(3)) == 3)
        #expect(try store.appendDurably([SampleEvent.feedStale(name: "slurm")]) == 4)
        #expect(try store.append(sampleEvents(1)) == 5)
        #expect(try store.events(after: 3, limit: 1, as: SampleEvent.self).first?.event == .feedStale(name: "slurm"))
    }

    @Test("a payload that does not decode throws .decode naming its event id")
    func decodeFailureNamesEvent() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        _ = try store.append(sampleEvents(2))
        let error = storeError { _ = try store.events(after: 0, as: SampleState.self) }
        guard case let .decode(path, eventID, detail)? = error else {
            Issue.record("expected .decode, got \(String(describing: error))")
            return
        }
        #expect(path == dir.path())
        #expect(eventID == 1)
        #expect(!detail.isEmpty)
        #expect(error?.description.contains(dir.path()) == true)
    }

    @Test("meta holds the schema markers and caller keys")
    func meta() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        #expect(try store.meta("schema_version") == "2")
        #expect(try store.meta("created_by") == "fleetdeck")
        #expect(try store.meta("created_at")?.isEmpty == false)
        #expect(try store.meta("feed.dcgm.cursor") == nil)
        try store.setMeta("feed.dcgm.cursor", "42")
        try store.setMeta("feed.dcgm.cursor", "43")
        #expect(try store.meta("feed.dcgm.cursor") == "43")
    }

    @Test("reopening resumes the log, snapshots and meta")
    func reopenResumes() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        do {
            let store = try EventStore(path: dir.path())
            _ = try store.append(sampleEvents(10))
            try store.saveSnapshot(SampleState(eventsSeen: 10, teams: ["a"]), upToEventID: 10)
            _ = try store.append(sampleEvents(2))
            try store.setMeta("k", "v")
        }
        let store = try EventStore(path: dir.path())
        #expect(try store.lastEventID() == 12)
        let snapshot = try store.latestSnapshot(as: SampleState.self)
        #expect(snapshot?.eventID == 10)
        #expect(snapshot?.state == SampleState(eventsSeen: 10, teams: ["a"]))
        #expect(try store.events(after: 10, as: SampleEvent.self).map(\.event) == sampleEvents(2))
        #expect(try store.meta("k") == "v")
        #expect(try store.append(sampleEvents(1)) == 13)
    }

    @Test("a read-only instance reads but refuses writes, and never creates a store")
    func readOnly() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let missing = storeError { _ = try EventStore(path: dir.path(), readOnly: true) }
        guard case .io? = missing else {
            Issue.record("expected .io for a missing store, got \(String(describing: missing))")
            return
        }
        #expect(try dir.entries().isEmpty)

        let writer = try EventStore(path: dir.path())
        _ = try writer.append(sampleEvents(3))
        let reader = try EventStore(path: dir.path(), readOnly: true)
        #expect(reader.isReadOnly)
        #expect(try reader.events(after: 0, as: SampleEvent.self).count == 3)
        let refused = storeError { _ = try reader.append(sampleEvents(1)) }
        guard case .io? = refused else {
            Issue.record("expected .io for a write through a read-only store, got \(String(describing: refused))")
            return
        }
        _ = try writer.append(sampleEvents(1))
        #expect(try reader.lastEventID() == 4)
    }

    @Test("a second instance on the same file sees appends at once")
    func secondInstanceSeesAppends() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let first = try EventStore(path: dir.path())
        let second = try EventStore(path: dir.path())
        #expect(try first.append(sampleEvents(5)) == 5)
        #expect(try second.lastEventID() == 5)
        #expect(try second.append(sampleEvents(1)) == 6)
        #expect(try first.events(after: 5, as: SampleEvent.self).map(\.id) == [6])
    }

    @Test("missing parent directories are created with mode 0700")
    func createsDirectories() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("state/fleetdeck/fleet.sqlite")
        _ = try EventStore(path: path)
        for directory in [dir.path("state"), dir.path("state/fleetdeck")] {
            let mode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o700, "\(directory)")
        }
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("default path follows XDG_STATE_HOME, then HOME")
    func defaultPath() {
        #expect(StoreLocation.defaultPath(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/u"])
            == "/x/state/fleetdeck/fleet.sqlite")
        #expect(StoreLocation.defaultPath(environment: ["XDG_STATE_HOME": "/x/state/", "HOME": "/home/u"])
            == "/x/state/fleetdeck/fleet.sqlite")
        #expect(StoreLocation.defaultPath(environment: ["HOME": "/home/u"])
            == "/home/u/.local/state/fleetdeck/fleet.sqlite")
        // Relative XDG values are invalid per the spec and ignored.
        #expect(StoreLocation.defaultPath(environment: ["XDG_STATE_HOME": "rel", "HOME": "/home/u"])
            == "/home/u/.local/state/fleetdeck/fleet.sqlite")
    }
}

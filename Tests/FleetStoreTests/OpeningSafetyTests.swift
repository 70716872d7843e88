import Foundation
import GRDB
import Testing
@testable import FleetStore

/// Files that are not (or not yet, or no longer) ours must be refused and left byte-for-byte unchanged.
@Suite("Opening foreign, corrupt and newer files")
struct OpeningSafetyTests {
    /// Opens `path` every way the module can (read-write, read-only, watcher) and returns the errors.
    private func openAllWays(_ path: String) -> [StoreError?] {
        [
            storeError { _ = try EventStore(path: path) },
            storeError { _ = try EventStore(path: path, readOnly: true) },
            storeError { _ = try StoreWatcher(path: path) { _ in } },
        ]
    }

    @Test("random bytes are .corrupt and untouched")
    func randomBytesAreCorrupt() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path()
        let bytes = randomBytes(64 * 1024)
        try bytes.write(to: URL(fileURLWithPath: path))

        for error in openAllWays(path) {
            guard case let .corrupt(errorPath, _)? = error else {
                Issue.record("expected .corrupt, got \(String(describing: error))")
                continue
            }
            #expect(errorPath == path)
            #expect(error?.description.contains(path) == true)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(try dir.entries() == ["fleet.sqlite"], "no -wal, -shm or -journal beside it")
    }

    @Test("a store with a damaged page fails the integrity check as .corrupt and is untouched")
    func damagedPageIsCorrupt() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path()
        do {
            let store = try EventStore(path: path)
            let padding = String(repeating: "x", count: 200)
            _ = try store.append((0..<2_000).map { SampleEvent.feedStale(name: "\($0)\(padding)") })
        }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // Scribble over a page in the middle of the events table, leaving the schema and meta pages intact.
        let pageSize = 4096
        let page = (bytes.count / pageSize / 2) * pageSize
        bytes.replaceSubrange(page..<(page + pageSize), with: Data(repeating: 0xA5, count: pageSize))
        try bytes.write(to: URL(fileURLWithPath: path))
        let before = try dir.entries()

        let error = storeError { _ = try EventStore(path: path) }
        guard case let .corrupt(_, detail)? = error else {
            Issue.record("expected .corrupt, got \(String(describing: error))")
            return
        }
        #expect(!detail.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        // The file is in WAL mode, so the read-only probe may add SQLite's sidecar files; an empty
        // -wal means no change is pending that a later checkpoint could copy into the file.
        let added = Set(try dir.entries()).subtracting(before)
        #expect(added.isSubset(of: ["fleet.sqlite-wal", "fleet.sqlite-shm"]))
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber
        #expect((walSize?.intValue ?? 0) == 0)
    }

    @Test("a newer schema_version is .newerVersion and untouched")
    func newerVersion() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path()
        do {
            let store = try EventStore(path: path)
            _ = try store.append(sampleEvents(3))
            try store.setMeta("schema_version", "7")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        for error in openAllWays(path) {
            guard case let .newerVersion(errorPath, found, supported)? = error else {
                Issue.record("expected .newerVersion, got \(String(describing: error))")
                continue
            }
            #expect(errorPath == path)
            #expect(found == 7)
            #expect(supported == Schema.supportedVersion)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("another application's database is .notFleetdeckStore and untouched (not even switched to WAL)")
    func foreignDatabase() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let plain = dir.path("notes.sqlite")
        let lookalike = dir.path("lookalike.sqlite")
        try DatabaseQueue(path: plain).write { db in
            try db.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')")
        }
        // Has a `meta` table too, but of another shape and without our marker.
        try DatabaseQueue(path: lookalike).write { db in
            try db.execute(sql: "CREATE TABLE meta (name TEXT, version INTEGER); INSERT INTO meta VALUES ('app', 3)")
        }
        for path in [plain, lookalike] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            for error in openAllWays(path) {
                guard case let .notFleetdeckStore(errorPath)? = error else {
                    Issue.record("expected .notFleetdeckStore, got \(String(describing: error))")
                    continue
                }
                #expect(errorPath == path)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        }
        #expect(try dir.entries() == ["lookalike.sqlite", "notes.sqlite"])
    }

    @Test("an empty file or an empty SQLite database is initialised")
    func emptyFilesAreInitialised() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let zeroLength = dir.path("zero.sqlite")
        let emptyDatabase = dir.path("empty.sqlite")
        try Data().write(to: URL(fileURLWithPath: zeroLength))
        try DatabaseQueue(path: emptyDatabase).write { db in try db.execute(sql: "PRAGMA user_version = 5") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: emptyDatabase)).count > 0)
        for path in [zeroLength, emptyDatabase] {
            let store = try EventStore(path: path)
            #expect(try store.meta("created_by") == "fleetdeck")
            #expect(try store.append(sampleEvents(1)) == 1)
        }
    }

    @Test("every error's description names the path")
    func descriptionsNamePath() {
        let path = "/var/tmp/x/fleet.sqlite"
        let errors: [StoreError] = [
            .corrupt(path: path, detail: "d"), .newerVersion(path: path, found: 2, supported: 1),
            .notFleetdeckStore(path: path), .io(path: path, detail: "d"), .decode(path: path, eventID: 3, detail: "d"),
        ]
        for error in errors {
            #expect(error.description.contains(path))
            #expect(!error.description.contains("\n"))
        }
    }
}

@Suite("Store file replaced or not a file")
struct StoreFileIdentityTests {
    @Test("a store notices its file deleted or replaced under it (writing on would be lost)")
    func detached() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path()
        let store = try EventStore(path: path)
        #expect(!store.isDetachedFromPath)
        try FileManager.default.removeItem(atPath: path)
        #expect(store.isDetachedFromPath)
        let other = try EventStore(path: path)  // a second process creating a fresh store at the same path
        #expect(store.isDetachedFromPath && !other.isDetachedFromPath)
    }

    @Test("a FIFO as the store is refused at once rather than hanging the open")
    func fifo() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("fifo.sqlite")
        #expect(mkfifo(path, 0o600) == 0)
        let start = ContinuousClock.now
        #expect(throws: StoreError.self) { try EventStore(path: path) }
        #expect(throws: StoreError.self) { try EventStore(path: path, readOnly: true) }
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}

import Foundation
import Synchronization
import Testing
import FleetStore

/// Collects watcher callbacks and lets a test wait for them.
private final class Recorder: Sendable {
    private let ids = Mutex<[Int64]>([])
    private let signal = DispatchSemaphore(value: 0)

    func record(_ id: Int64) {
        ids.withLock { $0.append(id) }
        signal.signal()
    }

    /// Waits up to `seconds` for the next callback; true if one came.
    func wait(seconds: Double) -> Bool {
        signal.wait(timeout: .now() + seconds) == .success
    }

    var seen: [Int64] { ids.withLock { $0 } }
}

@Suite("Store watcher")
struct WatcherTests {
    @Test("fires within 1 s when another instance appends, with the new last id")
    func firesOnAppendFromAnotherInstance() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let writer = try EventStore(path: dir.path())
        _ = try writer.append(sampleEvents(3))
        let follower = try EventStore(path: dir.path())
        let recorder = Recorder()
        let watcher = try StoreWatcher(store: follower) { recorder.record($0) }
        #expect(watcher.lastSeenEventID == 3)
        watcher.start()
        defer { watcher.stop() }

        #expect(!recorder.wait(seconds: 0.3), "no callback without a change")
        _ = try writer.append(sampleEvents(2))
        #expect(recorder.wait(seconds: 1.0))
        #expect(recorder.seen == [5])
        #expect(try follower.events(after: 3, as: SampleEvent.self).map(\.id) == [4, 5])

        try writer.setMeta("unrelated", "change")
        #expect(!recorder.wait(seconds: 0.3), "commits that add no event do not fire")
        _ = try writer.append(sampleEvents(1))
        #expect(recorder.wait(seconds: 1.0))
        #expect(recorder.seen == [5, 6])
        #expect(watcher.lastSeenEventID == 6)
    }

    @Test("sees a commit from another process (sqlite3 CLI)",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"),
                   "skipped: needs the sqlite3 command-line shell at /usr/bin/sqlite3"))
    func seesOtherProcess() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        _ = try store.append(sampleEvents(1))
        let recorder = Recorder()
        let watcher = try StoreWatcher(path: dir.path()) { recorder.record($0) }
        watcher.start()
        defer { watcher.stop() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [
            "-cmd", ".timeout 5000", dir.path(),
            """
            INSERT INTO events (recorded_at, payload)
            VALUES (CAST(strftime('%s', 'now') AS REAL), CAST('{"feedStale":{"name":"from-cli"}}' AS BLOB));
            """,
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        #expect(recorder.wait(seconds: 1.0))
        #expect(recorder.seen == [2])
        #expect(try store.events(after: 1, as: SampleEvent.self).map(\.event) == [.feedStale(name: "from-cli")])
    }

    @Test("stop joins promptly even with a long interval, and start again resumes")
    func stopIsPrompt() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        let recorder = Recorder()
        let watcher = try StoreWatcher(store: store, interval: 30) { recorder.record($0) }
        watcher.start()
        watcher.start()
        Thread.sleep(forTimeInterval: 0.05)
        let began = Date()
        watcher.stop()
        // Generous bound: the point is that stop does not sleep out the 30 s interval.
        #expect(Date().timeIntervalSince(began) < 5)
        watcher.stop()

        _ = try store.append(sampleEvents(1))
        #expect(!recorder.wait(seconds: 0.2), "stopped watchers do not fire")
        watcher.start()
        #expect(recorder.wait(seconds: 1.0), "the first poll after a restart reports what was missed")
        #expect(recorder.seen == [1])
        watcher.stop()
    }

    @Test("stop called from inside onChange does not deadlock")
    func stopFromCallback() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        let recorder = Recorder()
        let box = Mutex<StoreWatcher?>(nil)
        let watcher = try StoreWatcher(store: store, interval: 0.02) { id in
            box.withLock { $0 }?.stop()
            recorder.record(id)
        }
        box.withLock { $0 = watcher }
        watcher.start()
        _ = try store.append(sampleEvents(1))
        #expect(recorder.wait(seconds: 1.0))
        _ = try store.append(sampleEvents(1))
        #expect(!recorder.wait(seconds: 0.2))
        #expect(recorder.seen == [1])
        box.withLock { $0 = nil }
    }
}

import FleetStore
import FleetStorePostgres
import Foundation
import Testing

/// The PostgreSQL watcher: commits arrive by NOTIFY, the writer's lease renewal is its heartbeat, and a server that
/// goes away makes the view stale until it is back and caught up.
@Suite(.enabled(if: TestPostgres.isInstalled, TestPostgres.skipReason))
struct PostgresWatcherTests {
    /// A commit reaches the watcher by NOTIFY, far sooner than its 3 s check of a silent store would find it.
    @Test func aCommitArrivesByNotify() throws {
        let backend = try PostgresBackend()
        let store = try backend.open(), other = try backend.open()
        let seen = Locked<[Int64]>([])
        let watcher = try store.makeWatcher(interval: 60) { id in seen.update { $0.append(id) } }
        watcher.start()
        defer { watcher.stop() }
        // Lets the watcher connect and LISTEN (it then asks for the last id: the store is empty).
        Thread.sleep(forTimeInterval: 0.5)
        let started = Date()
        _ = try other.append([StoreContract.note(1), StoreContract.note(2)], fence: nil)
        #expect(waitUntil(within: 2) { seen.value.last == 2 })
        #expect(Date().timeIntervalSince(started) < 0.5)
        _ = try other.appendAudit([Data("{\"a\":1}".utf8)])
        _ = try other.transact(after: 2, as: Note.self, durable: true, fence: nil) { _ in
            (StoreWrite(events: [StoreContract.note(3)], audit: []), ())
        }
        #expect(waitUntil(within: 2) { seen.value.last == 3 })
        #expect(seen.value == [2, 3] && watcher.lastSeenEventID == 3 && watcher.liveness == .live)
    }

    /// Lease renewals keep the view live; once they stop, it is stale within 3 s (the server still answers), with the
    /// last id kept; a renewal makes it live again.
    @Test func theWritersHeartbeatKeepsItLive() throws {
        let backend = try PostgresBackend()
        let store = try backend.open(), writer = try backend.open()
        let fence = try #require(try writer.takeWriterLease(owner: "w", ttl: 30))
        _ = try writer.append([StoreContract.note(1)], fence: fence)
        let watcher = try store.makeWatcher(interval: 60) { _ in }
        watcher.start()
        defer { watcher.stop() }
        for _ in 0..<5 {
            Thread.sleep(forTimeInterval: 0.8)
            #expect(try writer.renewWriterLease(owner: "w", ttl: 30, fence: fence))
            #expect(watcher.liveness == .live)
        }
        let silentFrom = Date()
        #expect(waitUntil(within: 4) { watcher.liveness != .live })
        let waited = Date().timeIntervalSince(silentFrom)
        #expect(waited > 2 && waited < 3.5)
        guard case .stale(let since, .writerSilent) = watcher.liveness else {
            Issue.record("expected stale for a silent writer, got \(watcher.liveness)")
            return
        }
        #expect(abs(since.timeIntervalSince(silentFrom)) < 0.3)
        #expect(watcher.lastSeenEventID == 1)
        #expect(try writer.renewWriterLease(owner: "w", ttl: 30, fence: fence))
        #expect(waitUntil(within: 1) { watcher.liveness == .live })
    }

    /// `pg_ctl stop -m fast` while a follower watches and a writer writes: stale within 3 s with the last id kept,
    /// `stop()` of a watcher does not hang on the dead server, live again within 2 s of the restart, and the follower
    /// reads every acknowledged event exactly once.
    @Test func aServerRestartIsStaleThenCaughtUpWithNothingMissedOrDoubled() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fleetdeck-pg-restart-\(UUID().uuidString)").path
        let url = try TestPostgres.startServer(in: dir)
        defer { _ = try? TestPostgres.script("postgres-down.sh", [dir]) }
        let writer = try PostgresEventStore(url: url, timeout: 2), reader = try PostgresEventStore(url: url, timeout: 2)
        let fence = try #require(try writer.takeWriterLease(owner: "w", ttl: 60))
        let follower = EventFollower(store: reader)
        let watcher = try reader.makeWatcher(interval: 60) { _ in follower.wake() }
        watcher.start()
        defer { watcher.stop() }
        let spare = try reader.makeWatcher(interval: 60) { _ in }
        spare.start()

        // The writer appends and renews (its heartbeat) every 50 ms; it records what the server acknowledged.
        let acknowledged = Locked<Int64>(0), stopWriting = Locked(false)
        let writing = Thread {
            var n = 0
            while !stopWriting.value {
                n += 1
                if let last = try? writer.append([StoreContract.note(n)], fence: fence) { acknowledged.update { $0 = last } }
                _ = try? writer.renewWriterLease(owner: "w", ttl: 60, fence: fence)
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        writing.start()
        #expect(waitUntil(within: 3) { acknowledged.value >= 10 && follower.ids.count >= 10 })

        let stoppedAt = Date()
        try TestPostgres.script("postgres-restart.sh", [dir, "stop"])
        #expect(waitUntil(within: 3) { watcher.liveness != .live })
        #expect(Date().timeIntervalSince(stoppedAt) < 3)
        #expect(watcher.liveness.staleSince != nil)
        let keptID = watcher.lastSeenEventID
        #expect(keptID > 0 && keptID <= acknowledged.value)
        let stopping = Date()
        spare.stop()
        #expect(Date().timeIntervalSince(stopping) < 1.5)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(watcher.lastSeenEventID == keptID)

        try TestPostgres.script("postgres-restart.sh", [dir, "start"])
        let restartedAt = Date()
        #expect(waitUntil(within: 2) { watcher.liveness == .live })
        #expect(Date().timeIntervalSince(restartedAt) < 2)
        let before = acknowledged.value
        #expect(waitUntil(within: 5) { acknowledged.value >= before + 10 })
        stopWriting.update { $0 = true }
        while writing.isExecuting { Thread.sleep(forTimeInterval: 0.01) }
        let last = try writer.lastEventID()
        #expect(last >= acknowledged.value)
        #expect(waitUntil(within: 3) { follower.ids.last == last })
        #expect(follower.ids == Array(1...last))
        follower.finish()
    }

    /// Waits until `condition` holds, at most `seconds`; whether it held.
    private func waitUntil(within seconds: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return true
    }
}

/// A follower as a session is one: woken only by its watcher, it reads the events after its cursor on a thread of its
/// own (no polling of its own, so what it reads is what the watcher made it read).
private final class EventFollower: Sendable {
    private let read = Locked<[Int64]>([])
    private let finished = Locked(false)
    private let pending = DispatchSemaphore(value: 0)

    init(store: any EventStoring) {
        Thread { [read, finished, pending] in
            while !finished.value {
                guard pending.wait(timeout: .now() + 30) == .success, !finished.value else { continue }
                // A failed read (the server away) is retried at the next wake-up.
                if let batch = try? store.eventPayloads(after: read.value.last ?? 0, limit: 100_000) {
                    read.update { $0 += batch.map(\.id) }
                }
            }
        }.start()
    }

    var ids: [Int64] { read.value }
    func wake() { pending.signal() }
    func finish() {
        finished.update { $0 = true }
        pending.signal()
    }
}

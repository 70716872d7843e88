import Foundation
import GRDB
import Synchronization

/// Notices events appended to a store by any connection or process, by polling on a background thread.
///
/// Each tick runs `PRAGMA data_version` on the watcher's own read-only connection (it changes only
/// when another connection commits, and costs a WAL-index read); only then is the last event id
/// read. `onChange` runs on the watcher thread with the new last event id, at most once per tick.
/// Transient errors (a busy or vanished file) are retried at the next tick.
public final class StoreWatcher: Sendable {
    /// The path of the watched store.
    public let path: String
    /// Seconds between polls.
    public let interval: TimeInterval
    private let poller: Poller
    private let running = Mutex<Run?>(nil)

    /// Watches the fleetdeck store at `path`; call `start()` to begin. Fails if it is not a fleetdeck store.
    public init(path: String, interval: TimeInterval = 0.1, onChange: @escaping @Sendable (Int64) -> Void) throws {
        self.path = path
        self.interval = max(interval, 0.001)
        guard case .ours = try StoreInspection.inspect(path: path, integrityCheck: false) else {
            throw StoreError.io(path: path, detail: "no fleetdeck store here to watch")
        }
        var config = Configuration()
        config.readonly = true
        // Short, so that a poll stuck behind a checkpoint never delays stop() for long.
        config.busyMode = .timeout(1)
        config.label = "fleetdeck.store.watcher"
        let connection = try StoreError.guarding(path: path) { try DatabaseQueue(path: path, configuration: config) }
        let baseline = try StoreError.guarding(path: path) {
            try connection.read { db in try Int64.fetchOne(db, sql: Schema.lastEventIDSQL) ?? 0 }
        }
        poller = Poller(connection: connection, interval: self.interval, baseline: baseline, onChange: onChange)
    }

    /// Watches the file behind `store`, on a connection of the watcher's own.
    public convenience init(store: EventStore, interval: TimeInterval = 0.1,
                            onChange: @escaping @Sendable (Int64) -> Void) throws {
        try self.init(path: store.path, interval: interval, onChange: onChange)
    }

    deinit {
        stop()
    }

    /// The last event id seen: the store's at `init`, then the value of the latest `onChange`.
    public var lastSeenEventID: Int64 {
        poller.lastSeen.load(ordering: .acquiring)
    }

    /// Starts polling on a new background thread; does nothing if already started.
    public func start() {
        running.withLock { current in
            guard current == nil else { return }
            let run = Run()
            current = run
            let poller = self.poller
            let thread = Thread { poller.loop(run) }
            thread.name = "fleetdeck.store-watcher"
            thread.start()
        }
    }

    /// Stops polling and waits for the thread to finish (at most one poll or callback away).
    ///
    /// Safe to call from `onChange` itself, in which case it returns without waiting.
    public func stop() {
        let run = running.withLock { current -> Run? in
            defer { current = nil }
            return current
        }
        guard let run else { return }
        run.stopRequested.store(true, ordering: .releasing)
        run.wake.signal()
        if run.threadToken.load(ordering: .acquiring) != currentThreadToken() {
            run.done.wait()
        }
    }
}

/// One start/stop cycle of the watcher thread.
private final class Run: Sendable {
    let stopRequested = Atomic<Bool>(false)
    /// Signalled by `stop()` to cut the sleep between polls short.
    let wake = DispatchSemaphore(value: 0)
    /// Signalled by the thread as it exits, so that `stop()` can join it.
    let done = DispatchSemaphore(value: 0)
    /// Identifies the watcher thread, so that `stop()` from `onChange` does not wait for itself.
    let threadToken = Atomic<UInt>(0)
}

/// The state the watcher thread needs; deliberately not the watcher itself, so that dropping
/// the last reference to a running watcher still deinitialises it and stops the thread.
private final class Poller: Sendable {
    let connection: DatabaseQueue
    let interval: TimeInterval
    let lastSeen: Atomic<Int64>
    let onChange: @Sendable (Int64) -> Void

    init(connection: DatabaseQueue, interval: TimeInterval, baseline: Int64, onChange: @escaping @Sendable (Int64) -> Void) {
        self.connection = connection
        self.interval = interval
        self.lastSeen = Atomic(baseline)
        self.onChange = onChange
    }

    func loop(_ run: Run) {
        run.threadToken.store(currentThreadToken(), ordering: .releasing)
        defer { run.done.signal() }
        var dataVersion: Int64?
        repeat {
            if run.stopRequested.load(ordering: .acquiring) { return }
            dataVersion = poll(knownDataVersion: dataVersion, run: run)
        } while run.wake.wait(timeout: .now() + interval) == .timedOut
    }

    /// Polls once and returns the data version to compare with next time (nil forces a full read).
    private func poll(knownDataVersion: Int64?, run: Run) -> Int64? {
        let result = try? connection.read { db -> (version: Int64, lastID: Int64?) in
            let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
            if version == knownDataVersion { return (version, nil) }
            return (version, try Int64.fetchOne(db, sql: Schema.lastEventIDSQL) ?? 0)
        }
        guard let result else { return nil }
        if let lastID = result.lastID, lastID > lastSeen.load(ordering: .acquiring),
           !run.stopRequested.load(ordering: .acquiring) {
            lastSeen.store(lastID, ordering: .releasing)
            onChange(lastID)
        }
        return result.version
    }
}

/// An identifier of the calling thread, comparable across threads (a watcher's `stop()` on its own thread must not wait).
package func currentThreadToken() -> UInt {
    #if canImport(Darwin)
    UInt(bitPattern: pthread_self())
    #else
    UInt(pthread_self())
    #endif
}

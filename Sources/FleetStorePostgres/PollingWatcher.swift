import FleetStore
import Foundation
import Synchronization

/// Notices events appended to a server store by asking for the last event id every `interval` seconds on a
/// background thread (each ask has the store's deadline, so `stop()` never waits on a dead server for long).
final class PollingWatcher: StoreWatching {
    private let store: any EventStoring
    private let interval: TimeInterval
    private let onChange: @Sendable (Int64) -> Void
    private let seen = SeenEventID()
    private let running = Mutex<PollingRun?>(nil)

    init(store: any EventStoring, interval: TimeInterval, onChange: @escaping @Sendable (Int64) -> Void) throws {
        self.store = store
        self.interval = max(interval, 0.001)
        self.onChange = onChange
        seen.id.store(try store.lastEventID(), ordering: .releasing)
    }

    deinit {
        stop()
    }

    var lastSeenEventID: Int64 { seen.id.load(ordering: .acquiring) }

    func start() {
        running.withLock { current in
            guard current == nil else { return }
            let run = PollingRun()
            current = run
            let thread = Thread { [store, interval, onChange, seen] in
                run.thread.store(currentThreadToken(), ordering: .releasing)
                defer { run.done.signal() }
                repeat {
                    if run.stopped.load(ordering: .acquiring) { return }
                    // A failed ask (server away) is retried at the next tick.
                    if let last = try? store.lastEventID(), last > seen.id.load(ordering: .acquiring),
                       !run.stopped.load(ordering: .acquiring) {
                        seen.id.store(last, ordering: .releasing)
                        onChange(last)
                    }
                } while run.wake.wait(timeout: .now() + interval) == .timedOut
            }
            thread.name = "fleetdeck.store-watcher"
            thread.start()
        }
    }

    /// Stops polling and waits for the thread (at most one ask away); from `onChange` itself it does not wait.
    func stop() {
        guard let run = running.withLock({ current in defer { current = nil }; return current }) else { return }
        run.stopped.store(true, ordering: .releasing)
        run.wake.signal()
        if run.thread.load(ordering: .acquiring) != currentThreadToken() { run.done.wait() }
    }
}

/// The last event id reported, shared with the thread (which holds no reference to the watcher itself).
private final class SeenEventID: Sendable {
    let id = Atomic<Int64>(0)
}

/// One start/stop cycle of the watcher thread.
private final class PollingRun: Sendable {
    let stopped = Atomic<Bool>(false)
    let wake = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    /// The polling thread, so that `stop()` from `onChange` does not wait for itself.
    let thread = Atomic<UInt>(0)
}

/// An identifier of the calling thread, comparable across threads.
private func currentThreadToken() -> UInt {
    #if canImport(Darwin)
    UInt(bitPattern: pthread_self())
    #else
    UInt(pthread_self())
    #endif
}

extension PostgresEventStore {
    /// A watcher that polls the store's last event id every `interval` seconds.
    public func makeWatcher(interval: TimeInterval, onChange: @escaping @Sendable (Int64) -> Void) throws -> any StoreWatching {
        try PollingWatcher(store: self, interval: interval, onChange: onChange)
    }
}

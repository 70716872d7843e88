import FleetStore
import Foundation
import Synchronization

/// Follows a server store by LISTENing, on a connection of its own, for the last event id that every append, decision
/// and audit record NOTIFYs, and that the writer's lease renewal sends each second as its heartbeat.
///
/// `silenceLimit` seconds without a notification, a missed deadline or a dropped connection make it stale (the ids
/// already reported stay valid). A dropped connection is reopened with backoff; once it LISTENs again the watcher asks
/// for the last id, so nothing committed while it was away is missed. Every wait has a deadline, and `stop()` waits at
/// most a second, also on a dead server.
final class ListeningWatcher: StoreWatching {
    /// Seconds without a notification after which the view is stale (the writer notifies every second).
    static let silenceLimit: TimeInterval = 3
    private let follower: Follower
    private let running = Mutex<WatchRun?>(nil)

    /// Watches the store at `url`; each call of the watcher's own waits at most `timeout` seconds.
    init(url: PostgresURL, timeout: TimeInterval, baseline: Int64, onChange: @escaping @Sendable (Int64) -> Void) {
        follower = Follower(url: url, timeout: timeout, baseline: baseline, onChange: onChange)
    }

    deinit {
        stop()
    }

    var lastSeenEventID: Int64 { follower.lastSeen.load(ordering: .acquiring) }
    var liveness: StoreLiveness { follower.liveness.withLock { $0 } }

    /// Starts following on a new background thread; does nothing if already started.
    func start() {
        running.withLock { current in
            guard current == nil else { return }
            let run = WatchRun()
            current = run
            let thread = Thread { [follower] in follower.run(run) }
            thread.name = "fleetdeck.store-listener"
            thread.start()
        }
    }

    /// Stops following and waits at most a second for the thread (it may be inside a call to an unreachable server;
    /// it reports nothing more once stopped). From `onChange` itself it does not wait.
    func stop() {
        guard let run = running.withLock({ current in defer { current = nil }; return current }) else { return }
        run.stopped.store(true, ordering: .releasing)
        run.wake.signal()
        if run.thread.load(ordering: .acquiring) != currentThreadToken() { _ = run.done.wait(timeout: .now() + 1) }
    }
}

/// The watcher thread's state; deliberately not the watcher, so that dropping a running watcher stops it.
private final class Follower: Sendable {
    let url: PostgresURL
    let timeout: TimeInterval
    let lastSeen: Atomic<Int64>
    let liveness = Mutex<StoreLiveness>(.live)
    let onChange: @Sendable (Int64) -> Void
    private let linkIDs = Atomic<Int>(1)

    init(url: PostgresURL, timeout: TimeInterval, baseline: Int64, onChange: @escaping @Sendable (Int64) -> Void) {
        self.url = url
        self.timeout = timeout
        lastSeen = Atomic(baseline)
        self.onChange = onChange
    }

    /// Connects, follows until the connection is lost, and reconnects with backoff, until stopped.
    func run(_ run: WatchRun) {
        run.thread.store(currentThreadToken(), ordering: .releasing)
        defer { run.done.signal() }
        var heardAt = Date()
        var failures = 0
        while !run.isStopped {
            if let (link, generation) = connect(run, heardAt: heardAt) {
                failures = 0
                heardAt = follow(link, generation: generation, run: run)
                link.close()
            } else {
                failures += 1
            }
            // 0.1 s after a drop, doubling to 1 s while the server stays away, so a restart is seen within about 1 s.
            run.pause(min(1, 0.1 * pow(2, Double(min(failures, 4)))) * Double.random(in: 0.8...1.2))
        }
    }

    /// Opens a connection, LISTENs and asks for the last id (reported if new); nil (and stale) when any step fails.
    private func connect(_ run: WatchRun, heardAt: Date) -> (PostgresLink, Int)? {
        let started = Date()
        let link: PostgresLink
        do {
            link = try PostgresLink.connect(url, timeout: timeout, id: linkIDs.add(1, ordering: .relaxed).oldValue)
        } catch {
            markStale(failureReason(since: started), since: heardAt)
            return nil
        }
        let generation = run.nextGeneration()
        let listening = Date()
        do {
            try link.listen(on: PostgresSchema.channel) { signal in run.post(signal, generation: generation) }
        } catch {
            if !run.isStopped { markStale(failureReason(since: listening), since: heardAt) }
            link.close()
            return nil
        }
        // Listening first, then asking: a commit between the two is both counted here and notified, never lost.
        guard catchUp(on: link, run: run, heardAt: heardAt) else {
            link.close()
            return nil
        }
        markLive()
        return (link, generation)
    }

    /// Reports notifications until the connection is lost or the watcher stops; returns when it last heard from the
    /// store. Each silence of `silenceLimit` seconds is stale, and asks the server (to tell a silent writer from a
    /// dead connection); a failed ask drops the connection.
    private func follow(_ link: PostgresLink, generation: Int, run: WatchRun) -> Date {
        var heardAt = Date()
        var checkAt = heardAt.addingTimeInterval(ListeningWatcher.silenceLimit)
        while !run.isStopped {
            switch run.next(generation: generation, until: checkAt) {
            case .notified(let payload)?:
                // Anyone who may connect can NOTIFY this channel: only a plausible event id counts.
                guard payload.utf8.count <= 20, let id = Int64(payload), id >= 0 else { continue }
                report(id, run: run)
                heardAt = Date()
                checkAt = heardAt.addingTimeInterval(ListeningWatcher.silenceLimit)
                markLive()
            case .ended?:
                if !run.isStopped { markStale(.connectionLost, since: heardAt) }
                return heardAt
            case nil:
                if run.isStopped { return heardAt }
                markStale(.writerSilent, since: heardAt)
                guard catchUp(on: link, run: run, heardAt: heardAt) else { return heardAt }
                checkAt = Date().addingTimeInterval(ListeningWatcher.silenceLimit)
            }
        }
        return heardAt
    }

    /// Asks for the last event id and reports it if new; false (and stale) when the ask fails.
    private func catchUp(on link: PostgresLink, run: WatchRun, heardAt: Date) -> Bool {
        let started = Date()
        do {
            report(try PostgresEventStore.counter(PostgresSchema.lastEventIDKey, on: link), run: run)
            return true
        } catch {
            if !run.isStopped { markStale(failureReason(since: started), since: heardAt) }
            return false
        }
    }

    /// A call that failed after its whole deadline missed it; one that failed sooner found the connection gone.
    private func failureReason(since started: Date) -> StaleReason {
        Date().timeIntervalSince(started) >= timeout * 0.95 ? .deadlineMissed : .connectionLost
    }

    private func report(_ id: Int64, run: WatchRun) {
        guard id > lastSeen.load(ordering: .acquiring), !run.isStopped else { return }
        lastSeen.store(id, ordering: .releasing)
        onChange(id)
    }

    private func markLive() {
        liveness.withLock { $0 = .live }
    }

    /// Stale for `reason`; a view already stale keeps the moment it was last known current.
    private func markStale(_ reason: StaleReason, since: Date) {
        liveness.withLock { current in current = .stale(since: current.staleSince ?? since, reason: reason) }
    }
}

/// One start/stop cycle of the watcher thread, and the signals its connections' LISTENs post to it.
private final class WatchRun: Sendable {
    let stopped = Atomic<Bool>(false)
    /// Signalled by every post and by `stop()`.
    let wake = DispatchSemaphore(value: 0)
    /// Signalled by the thread as it exits, so that `stop()` can join it.
    let done = DispatchSemaphore(value: 0)
    /// The watcher thread, so that `stop()` from `onChange` does not wait for itself.
    let thread = Atomic<UInt>(0)
    /// Signals in arrival order, each tagged with the connection it came from (a closed one's late signals are dropped).
    private let inbox = Mutex<[(generation: Int, signal: PostgresLink.ListenSignal)]>([])
    private let generations = Atomic<Int>(0)

    var isStopped: Bool { stopped.load(ordering: .acquiring) }

    /// A tag for the next connection's signals.
    func nextGeneration() -> Int { generations.add(1, ordering: .relaxed).newValue }

    func post(_ signal: PostgresLink.ListenSignal, generation: Int) {
        inbox.withLock { $0.append((generation, signal)) }
        wake.signal()
    }

    /// The next signal of connection `generation`, waiting until `deadline`; nil at the deadline or once stopped.
    func next(generation: Int, until deadline: Date) -> PostgresLink.ListenSignal? {
        while !isStopped {
            let signal = inbox.withLock { signals -> PostgresLink.ListenSignal? in
                signals.removeAll { $0.generation < generation }
                return signals.isEmpty ? nil : signals.removeFirst().signal
            }
            if let signal { return signal }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 || wake.wait(timeout: .now() + left) == .timedOut { return nil }
        }
        return nil
    }

    /// Sleeps `seconds`, cut short by `stop()`.
    func pause(_ seconds: TimeInterval) {
        let until = Date().addingTimeInterval(seconds)
        while !isStopped, until.timeIntervalSinceNow > 0 {
            _ = wake.wait(timeout: .now() + until.timeIntervalSinceNow)
        }
    }
}

extension PostgresEventStore {
    /// A watcher that LISTENs for commits (`interval` is unused: a notification arrives 1–6 ms after each commit).
    public func makeWatcher(interval: TimeInterval, onChange: @escaping @Sendable (Int64) -> Void) throws -> any StoreWatching {
        ListeningWatcher(url: url, timeout: min(timeout, 5), baseline: try lastEventID(), onChange: onChange)
    }
}

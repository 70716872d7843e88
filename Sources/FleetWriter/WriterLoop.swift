import FleetCore
import FleetFeeds
import FleetStore
import Foundation

/// The one writer loop: runs every feed, applies each event exactly once to the one state it holds, and writes it to
/// the store under the writer's fence. It also keeps the lease, takes the once-a-minute snapshot, and applies the
/// events other processes wrote (governance decisions) in store id order, so its state is what any follower builds
/// from the store.
///
/// It runs on its caller's thread (the dashboard's UI loop, `collect`'s loop), one `turn` at a time; the state it holds
/// is the one the dashboard draws. Only the bulk warm-up of a new store, snapshot encoding and the lease renewals of a
/// store that does not answer run on background threads.
public final class WriterLoop {
    /// The most steps one feed takes in a turn, catching up after a slow frame.
    static let maxStepsPerTurn = 10
    /// Wall seconds a turn may spend stepping one feed again before it leaves the rest for the next turn.
    static let stepBudget = 0.05
    public let store: any EventStoring
    /// The fold of every stored event up to `lastEventID`.
    public private(set) var state: FleetState
    /// The id of the last event `state` includes.
    public private(set) var lastEventID: Int64
    private var lease: LeaseKeeper
    private var schedules: [FeedSchedule]
    private var failures = FailureMemory()
    private let snapshots = SnapshotWriter()
    private let history: KPIHistoryWriter
    private let snapshotInterval: Double
    private var lastSnapshot: Double
    private var warmUp: WarmUpJob?
    /// A failed warm-up is tried again at this wall time.
    private var warmUpRetryAt: Double?
    /// When the warm-up's progress was last published for followers; nil when none is published.
    private var lastBeacon: Double?
    private var storeError: String?
    /// Why this writer stopped writing (fenced off, store replaced); nil while it writes.
    public private(set) var lostReason: String?
    /// Why the store does not answer, while it does not: the feeds are paused and the lease renewal retried.
    public private(set) var unreachable: String?
    /// Set when a write failed after the state had taken its events: the caller reloads the state from the store.
    public private(set) var needsReload = false

    /// A loop writing as the holder of `lease`, from `state` (the fold of events up to `lastEventID`), running `feeds`
    /// in order (each turn steps the due ones in this order). A feed with a warm-up makes a new store's first state.
    /// Closed fleet hours are stored as KPI rollups, kept for `kpiRetention`.
    public init(lease: LeaseKeeper, state: FleetState, lastEventID: Int64, feeds: [any Feed], now: Double,
                snapshotInterval: Double = 60, kpiRetention: KPIRetention = KPIRetention()) {
        history = KPIHistoryWriter(retention: kpiRetention)
        store = lease.store
        self.lease = lease
        self.state = state
        self.lastEventID = lastEventID
        self.snapshotInterval = snapshotInterval
        lastSnapshot = now
        schedules = feeds.map { FeedSchedule(feed: $0, now: now) }
        startWarmUp()
    }

    /// The feeds, in the order they run.
    public var feeds: [any Feed] { schedules.map(\.feed) }
    /// Whether this process still writes.
    public var isWriting: Bool { lostReason == nil }
    /// Whether a new store's first state is still being made.
    public var isWarmingUp: Bool { warmUp != nil }
    /// Fleet minutes a running warm-up has fast-forwarded; nil when none runs.
    public var warmUpMinutesDone: Int? { warmUp?.progress.minutesDone }
    /// The newest copy of the fleet a running warm-up has made so far, for a dashboard to draw while the rest is
    /// made; nil when no warm-up runs or it has not published one yet. It is never the loop's `state`.
    public var warmUpPreview: FleetState? { warmUp?.progress.preview }

    /// Asks a running warm-up for a copy of its fleet at its next fleet minute (`warmUpPreview`).
    public func requestWarmUpPreview() { warmUp?.progress.requestPreview() }

    /// The problem to show: why the writer stopped, a failing feed, a failed store write or snapshot; nil when all is well.
    public var lastError: String? {
        lostReason ?? unreachable.map { "store unreachable (feeds paused, retrying): \($0)" } ?? storeError
            ?? schedules.lazy.compactMap { s in s.error.map { "\(s.feed.name): \($0)" } }.first
            ?? snapshots.lastFailure ?? history.lastFailure ?? history.backfillFailure
    }

    /// One turn at wall time `now`: renew the lease, step the feeds that are due and write what they emitted (after
    /// the events others wrote since, in one transaction), and start the minute's snapshot. True if the state changed.
    @discardableResult
    public func turn(now: Double) -> Bool {
        guard lostReason == nil else { return false }
        switch lease.renewIfDue(now: now) {
        case .held:
            unreachable = nil
        case .lost:
            return lose()
        case .unreachable(let problem):
            // The feeds pause (they resume where they left off): events made now could not be stored.
            unreachable = problem
            return false
        }
        let before = state.version
        if let retry = warmUpRetryAt {
            guard now >= retry else { return false }
            startWarmUp()
        }
        if let job = warmUp {
            // The feeds start in the turn that adopts the first state: the policy file applies before anyone sees it.
            guard finish(job, now: now) else {
                publishWarmUp(job.progress, now: now)
                return false
            }
            publishWarmUp(nil, now: now)
        }
        let due = schedules.indices.filter { schedules[$0].isDue(now: now) }
        if !due.isEmpty { write(stepping: due, now: now) }
        if lostReason == nil { history.observe(state, store: store, fence: lease.fence) }
        if lostReason == nil, now - lastSnapshot >= snapshotInterval,
           snapshots.start(state, upTo: lastEventID, store: store, fence: lease.fence) {
            lastSnapshot = now
        }
        return state.version != before
    }

    /// The store is known not to answer (its watcher lost the server, saying `problem`): the feeds pause and the lease
    /// renewal is retried in the background, as after a renewal that was not answered, so no turn waits for a deadline.
    public func pause(unreachable problem: String, now: Double) {
        guard lostReason == nil, unreachable == nil else { return }
        lease.noteUnreachable(problem, now: now)
        unreachable = problem
    }

    /// Waits at most `seconds` for a lease renewal retried in the background (tests; before the lease is released).
    public func waitForLeaseRetry(seconds: Double) { lease.waitForRetry(seconds: seconds) }

    /// Applies the events others wrote since `lastEventID` (a watcher saw a commit); true if there were any.
    @discardableResult
    public func catchUp() throws -> Bool {
        guard lostReason == nil, warmUp == nil else { return false }
        var any = false
        while true {
            let batch = try store.events(after: lastEventID, limit: 5000, as: FleetEvent.self)
            guard !batch.isEmpty else { return any }
            for (id, event) in batch {
                state.apply(event)
                lastEventID = id
            }
            any = true
        }
    }

    /// Lets `body` change the state and the id of the last event it includes together: a governance decision
    /// committed by this process (decided on the newest state inside its own transaction).
    public func update<R>(_ body: (inout FleetState, inout Int64) throws -> R) rethrows -> R {
        try body(&state, &lastEventID)
    }

    /// Replaces the state with `state`, the fold of the store's events up to `lastEventID` (after `needsReload`).
    public func reload(state: FleetState, lastEventID: Int64) {
        self.state = state
        self.lastEventID = lastEventID
        needsReload = false
    }

    /// Saves the state as the newest snapshot now, on this thread (`collect --once`).
    public func snapshotNow() throws {
        guard lostReason == nil, warmUp == nil else { return }
        snapshots.wait(seconds: 30)
        try catchUp()
        try store.saveWriterSnapshot(state, upToEventID: lastEventID, fence: lease.fence)
    }

    /// Stops the feeds' threads and waits briefly for a snapshot being saved and a lease renewal being retried (so
    /// that it does not land after the lease was released).
    public func stop() {
        for schedule in schedules { schedule.feed.stop() }
        snapshots.wait(seconds: 1)
        lease.waitForRetry(seconds: 1)
    }

    private func write(stepping due: [Int], now: Double) {
        var applied = false
        do {
            let done = try store.transact(after: lastEventID, as: FleetEvent.self, durable: false, fence: lease.fence) { newer in
                applied = true
                // Others' events come first, in id order, exactly as every reader of the store applies them.
                for (_, event) in newer { state.apply(event) }
                let events = EventBatch.collect(on: &state) { batch in
                    for k in due { step(k, now: now, into: &batch) }
                }
                return (events.isEmpty ? nil : StoreWrite(events: events, audit: []), ())
            }
            lastEventID = done.lastEventID
            storeError = nil
        } catch {
            if LeaseKeeper.isFenced(error) {
                lose()
                return
            }
            storeError = "store write failed: \(error)"
            // The state took events the store did not: it no longer is the fold of the store.
            if applied { needsReload = true }
        }
    }

    /// Steps feed `k` while it is due (a few times at most, catching up); a failure is stored once while it repeats.
    private func step(_ k: Int, now: Double, into batch: inout EventBatch) {
        let started = Date().timeIntervalSince1970
        var steps = 0
        repeat {
            let feed = schedules[k].feed
            do {
                try feed.step(now: now, into: &batch)
                if schedules[k].failures > 0 { failures.forget(feed.name) }
                schedules[k].succeeded(now: now)
            } catch {
                let text = FeedText.clean("\(error)")
                schedules[k].failed(now: now, error: text)
                let status = FeedStatus(name: feed.name, kind: feed.kind, at: now, intervalSeconds: feed.interval, ok: false, error: text)
                if failures.isNew(status) { batch.emit(.feedStatus(status)) }
                return
            }
            steps += 1
        } while steps < Self.maxStepsPerTurn && schedules[k].isDue(now: now)
            && Date().timeIntervalSince1970 - started < Self.stepBudget
    }

    /// Publishes how far the warm-up has got (once a second) for followers, or that none runs any more (`progress`
    /// nil, once). Best effort: a follower without it only says it waits, and the next turn tries again.
    private func publishWarmUp(_ progress: WarmUpProgress?, now: Double) {
        guard let progress else {
            if lastBeacon != nil, (try? store.setMeta(WarmUpBeacon.metaKey, "")) != nil { lastBeacon = nil }
            return
        }
        guard progress.minutesPlanned > 0, now - (lastBeacon ?? -.infinity) >= 1 else { return }
        let beacon = WarmUpBeacon(minutesDone: min(progress.minutesDone, progress.minutesPlanned), warmupMinutes: progress.minutesPlanned,
                                  publishedAt: now)
        if (try? store.setMeta(WarmUpBeacon.metaKey, beacon.text)) != nil { lastBeacon = now }
    }

    /// Starts the first feed's warm-up, if one has any.
    private func startWarmUp() {
        warmUpRetryAt = nil
        guard let k = schedules.firstIndex(where: { $0.feed.warmUp != nil }), let make = schedules[k].feed.warmUp else { return }
        warmUp = WarmUpJob(make, history: schedules[k].feed.history, state: state, after: lastEventID, store: store, fence: lease.fence)
    }

    /// Adopts a finished warm-up's state; true once it finished and the feeds may step.
    private func finish(_ job: WarmUpJob, now: Double) -> Bool {
        guard let outcome = job.take() else { return false }
        warmUp = nil
        if let failure = job.historyFailure.withLock({ $0 }) { history.backfillFailure = failure }
        switch outcome {
        case .success(let made?):
            state = made.state
            lastEventID = made.lastEventID
            history.adopt(job.rollups.accumulator)
            return true
        case .success(nil):
            return true
        case .failure(let error):
            if LeaseKeeper.isFenced(error) { return lose() }
            storeError = "warm-up failed (tried again in 10 s): \(error)"
            warmUpRetryAt = now + 10
            return false
        }
    }

    @discardableResult
    private func lose() -> Bool {
        lostReason = lease.lossReason()
        return false
    }
}

import FleetCore
import FleetFeeds
import FleetStore
import Foundation
import Synchronization

/// Runs the live telemetry and scheduler sources: one thread per source fetches on its interval (backing off on
/// failure), and one writer thread turns their updates into events, appends them to the store and keeps the lease.
final class LiveFeedRunner: FeedRunner, Sendable {
    private let stopFlag = Atomic<Bool>(false)
    private let failure = Mutex<String?>(nil)
    private let leaseLost = Atomic<Bool>(false)
    private let inbox = Mutex<[FeedUpdate]>([])
    /// The last failure stored per feed: the same failure again is not stored again (a broken source retried with
    /// backoff would otherwise fill the store with identical statuses).
    private let repeatedFailures = FailureMemory()
    private let interval: Double
    private let schedulerInterval: Double
    /// The inference request counter read alongside telemetry, if configured.
    private let inference: InferenceMetric?

    /// An update from either kind of source.
    private enum FeedUpdate {
        case telemetry(TelemetrySourceConfig, TelemetryUpdate)
        case scheduler(SchedulerSourceConfig, SchedulerUpdate)
    }

    var lastError: String? { failure.withLock { $0 } }
    var lostLease: Bool { leaseLost.load(ordering: .relaxed) }

    init(store: EventStore, owner: String, fence: WriterFence, state: FleetState, lastEventID: Int64, options: FeedOptions, sources: [TelemetrySourceConfig],
         schedulers: [SchedulerSourceConfig]) {
        interval = options.telemetryInterval
        schedulerInterval = options.schedulerInterval
        inference = options.inferenceMetric.map { InferenceMetric(name: $0, serviceLabel: options.inferenceServiceLabel) }
        let timeout = options.telemetryTimeout
        for (k, config) in sources.enumerated() {
            let thread = Thread { [self] in poll(config, timeout: timeout) }
            thread.name = "fleetdeck-telemetry-\(k)"
            thread.start()
        }
        for (k, config) in schedulers.enumerated() {
            let thread = Thread { [self] in poll(config, timeout: options.schedulerTimeout) }
            thread.name = "fleetdeck-scheduler-\(k)"
            thread.start()
        }
        let classOfQOS = options.classOfQOS
        let policy = options.policy.map(PolicyWatcher.init)
        let writer = Thread { [self] in
            write(lease: LeaseKeeper(store: store, owner: owner, fence: fence), state: state, classOfQOS: classOfQOS, policy: policy, foreign: ForeignGovernance(after: lastEventID))
        }
        writer.name = "fleetdeck-feeds"
        writer.start()
    }

    func stop() { stopFlag.store(true, ordering: .relaxed) }

    private var stopped: Bool { stopFlag.load(ordering: .relaxed) }

    /// Fetches telemetry forever; after a failure waits interval × 2^failures (at most 5 min), ±20 % jitter.
    private func poll(_ config: TelemetrySourceConfig, timeout: Double) {
        var source = config.makeSource(timeout: timeout, inference: inference)
        var failures = 0
        while !stopped {
            let update = source.fetch()
            inbox.withLock { $0.append(.telemetry(config, update)) }
            if update.endOfStream { return }
            failures = update.failure == nil ? 0 : failures + 1
            var wait = Self.wait(interval: interval, failures: failures)
            // stdin: the writer paces a good stream; a failing one (stdin a directory, say) backs off like any source.
            if case .file(let path) = config, path == "-", update.failure == nil { wait = 0 }
            sleep(wait)
        }
    }

    /// Polls a scheduler source forever, backing off like telemetry.
    private func poll(_ config: SchedulerSourceConfig, timeout: Double) {
        var source = config.makeSource(timeout: timeout)
        var failures = 0
        while !stopped {
            let update = source.fetch()
            inbox.withLock { $0.append(.scheduler(config, update)) }
            failures = update.failure == nil ? 0 : failures + 1
            sleep(Self.wait(interval: schedulerInterval, failures: failures))
        }
    }

    /// The pause before the next fetch: the interval, or interval × 2^failures (at most 5 min) ±20 % after failures.
    private static func wait(interval: Double, failures: Int) -> Double {
        guard failures > 0 else { return interval }
        return min(interval * pow(2, Double(min(failures, 10))), 300) * Double.random(in: 0.8...1.2)
    }

    private func sleep(_ seconds: Double) {
        let until = Date().timeIntervalSince1970 + seconds
        while !stopped, Date().timeIntervalSince1970 < until { Thread.sleep(forTimeInterval: min(0.1, seconds)) }
    }

    private func write(lease: LeaseKeeper, state: FleetState, classOfQOS: [String: String],
                       policy: PolicyWatcher?, foreign: ForeignGovernance) {
        var lease = lease
        let store = lease.store, fence = lease.fence
        var foreign = foreign
        var policy = policy
        var ingest = TelemetryIngest(state: state)
        var scheduling = SchedulerIngest(state: state, classOfQOS: classOfQOS)
        var lastSnapshot = Date().timeIntervalSince1970
        if ingest.state.policy == nil, policy == nil {
            // A new live store: the built-in demo policy applies until a policy file is given.
            let genesis = FleetEvent.policyDefined(SimulatedOrg.demoPolicy())
            ingest.note(genesis)
            scheduling.note(genesis)
            do { _ = try store.append([genesis], fence: fence) } catch { failure.withLock { $0 = "store write failed: \(error)" } }
        }
        while !stopped {
            let now = Date().timeIntervalSince1970
            if !lease.renewIfDue(now: now) { return lose(lease) }
            let policyEvents = policy?.poll(state: ingest.state, now: now) ?? []
            for e in policyEvents {
                ingest.note(e)
                scheduling.note(e)
            }
            if !policyEvents.isEmpty {
                do { _ = try store.append(policyEvents, fence: fence) } catch { failure.withLock { $0 = "store write failed: \(error)" } }
            }
            let updates = inbox.withLock { pending in defer { pending.removeAll() }; return pending }
            guard !updates.isEmpty else {
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            var events: [FleetEvent] = []
            for update in updates {
                // Each ingest mirrors the state; what one emits, the other notes.
                switch update {
                case .telemetry(let config, let u):
                    let new = self.events(for: u, from: config, ingest: &ingest)
                    for e in new { scheduling.note(e) }
                    events += new
                case .scheduler(let config, let u):
                    let new = self.events(for: u, from: config, ingest: &scheduling)
                    for e in new { ingest.note(e) }
                    events += new
                }
            }
            do {
                let lastID = try store.append(events, fence: fence)
                if now - lastSnapshot >= 60 {
                    for event in try foreign.take(from: store, through: lastID) { ingest.note(event); scheduling.note(event) }
                    try store.saveWriterSnapshot(ingest.state, upToEventID: lastID, fence: fence)
                    lastSnapshot = now
                }
                failure.withLock { $0 = nil }
            } catch {
                if LeaseKeeper.isFenced(error) { return lose(lease) }
                failure.withLock { $0 = "store write failed: \(error)" }
            }
        }
    }

    private func lose(_ lease: LeaseKeeper) {
        failure.withLock { $0 = lease.lossReason() }
        leaseLost.store(true, ordering: .relaxed)
    }

    private func events(for update: TelemetryUpdate, from config: TelemetrySourceConfig,
                        ingest: inout TelemetryIngest) -> [FleetEvent] {
        var events: [FleetEvent] = []
        if update.failure == nil {
            // History from before now only fills rings that have nothing newer (a new store).
            for (at, readings) in update.backfill where at > ingest.state.now {
                events += ingest.events(for: readings, at: at)
            }
            let clock = FleetEvent.clock(at: update.at)
            ingest.note(clock)
            events.append(clock)
            events += ingest.events(for: update.readings, at: update.at)
            if !update.inference.isEmpty {
                let counters = FleetEvent.inferenceCounters(at: update.at, update.inference)
                ingest.note(counters)
                events.append(counters)
            }
        }
        var problems = update.problemCount, firstProblem = update.firstProblem
        if ingest.refusedGPUs > 0 {
            problems += ingest.refusedGPUs
            firstProblem = firstProblem ?? "\(ingest.refusedGPUs) GPUs left out: a fleet may have at most \(InputLimits.maxFleetGPUs)"
        }
        let status = FeedStatus(
            name: config.name, kind: config.kind, at: update.at, intervalSeconds: interval, ok: update.failure == nil,
            error: update.failure, problems: problems, firstProblem: firstProblem)
        if repeatedFailures.isNew(status) {
            ingest.note(.feedStatus(status))
            events.append(.feedStatus(status))
        }
        return events
    }

    private func events(for update: SchedulerUpdate, from config: SchedulerSourceConfig,
                        ingest: inout SchedulerIngest) -> [FleetEvent] {
        var update = update
        update.applyQueuePositions()
        update.promoteAccountingWithoutJobList()
        let at = update.eventTime
        var events: [FleetEvent] = []
        if update.failure == nil {
            let clock = FleetEvent.clock(at: at)
            ingest.note(clock)
            events.append(clock)
            // Nodes first, so running jobs find their GPUs; how jobs ended (sacct) before the live list, which would
            // otherwise end them as completed; priority factors (sprio) last, once the jobs exist.
            let rank: (SchedulerSnapshot) -> Int = { s in
                s.nodes != nil && s.jobs == nil ? 0 : s.accountingJobs != nil ? 1 : s.jobs != nil ? 2 : 3
            }
            let ordered = update.snapshots.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
                .map(\.element)
            for snapshot in ordered { events += ingest.events(for: snapshot, source: config.name, at: at) }
        }
        let status = FeedStatus(
            name: config.name, kind: config.kind, at: update.at, intervalSeconds: schedulerInterval,
            ok: update.failure == nil, error: update.failure, problems: update.problemCount,
            firstProblem: update.firstProblem, reportsJobs: update.hasJobList, asOf: update.documentTime)
        if repeatedFailures.isNew(status) {
            ingest.note(.feedStatus(status))
            events.append(.feedStatus(status))
        }
        return events
    }
}

/// What `Session` needs from whatever runs the feeds.
protocol FeedRunner: AnyObject, Sendable {
    /// The last error the runner hit, if any.
    var lastError: String? { get }
    /// True once another process took the writer lease.
    var lostLease: Bool { get }
    /// Asks the threads to stop.
    func stop()
}

/// Remembers each feed's last stored failure, so that identical consecutive failures are stored once.
final class FailureMemory: Sendable {
    private let last = Mutex<[String: String]>([:])

    /// Whether `status` should be stored: any good update, or a failure that differs from the feed's last one.
    func isNew(_ status: FeedStatus) -> Bool {
        last.withLock { last in
            guard !status.ok else { last[status.name] = nil; return true }
            let error = status.error ?? ""
            defer { last[status.name] = error }
            return last[status.name] != error
        }
    }
}

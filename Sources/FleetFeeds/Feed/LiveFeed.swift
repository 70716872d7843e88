import FleetCore

/// The live telemetry and scheduler sources as one feed of the writer loop: their threads (`LiveSources`) fetch and
/// parse, and each step turns the updates that arrived into events with the ingests, on the loop's own state.
public final class LiveFeed: Feed {
    private let sources: LiveSources
    private var telemetry = TelemetryIngest(state: FleetState())
    private var scheduling: SchedulerIngest
    private var repeatedFailures = FailureMemory()
    /// Whether a new store still needs a policy (no policy file given): `PolicySpec.withoutPolicyFile()`, never demo prices.
    private var needsDefaultPolicy: Bool

    /// A feed of `sources`; without a policy file a new store gets the default classes and no prices or quotas.
    public init(sources: LiveSources, classOfQOS: [String: String], hasPolicyFile: Bool) {
        self.sources = sources
        scheduling = SchedulerIngest(state: FleetState(), classOfQOS: classOfQOS)
        needsDefaultPolicy = !hasPolicyFile
    }

    public var name: String { "live sources" }
    public var kind: String { "live" }
    /// The loop steps it when an update is waiting; the interval only bounds how long an empty inbox goes unchecked.
    public var interval: Double { sources.timing.telemetryInterval }
    public var hasPendingWork: Bool { sources.hasUpdates }

    public func step(now: Double, into batch: inout EventBatch) throws {
        if needsDefaultPolicy {
            needsDefaultPolicy = false
            if batch.state.policy == nil { batch.emit(.policyDefined(PolicySpec.withoutPolicyFile())) }
        }
        for update in sources.take() {
            switch update {
            case .telemetry(let config, let u): ingest(u, from: config, into: &batch)
            case .scheduler(let config, let u): ingest(u, from: config, into: &batch)
            }
        }
    }

    public func stop() { sources.stop() }

    private func ingest(_ update: TelemetryUpdate, from config: TelemetrySourceConfig, into batch: inout EventBatch) {
        if update.failure == nil {
            // History from before now only fills rings that have nothing newer (a new store).
            for (at, readings) in update.backfill where at > batch.state.now {
                batch.emitApplied { state in telemetry.lending(&state) { $0.events(for: readings, at: at) } }
            }
            batch.emit(.clock(at: update.at))
            batch.emitApplied { state in telemetry.lending(&state) { $0.events(for: update.readings, at: update.at) } }
            if !update.inference.isEmpty { batch.emit(.inferenceCounters(at: update.at, update.inference)) }
        }
        var problems = update.problemCount, firstProblem = update.firstProblem
        if update.failure == nil, telemetry.refusedGPUs > 0 {
            problems += telemetry.refusedGPUs
            firstProblem = firstProblem ?? "\(telemetry.refusedGPUs) GPUs left out: a fleet may have at most \(InputLimits.maxFleetGPUs)"
        }
        let status = FeedStatus(
            name: config.name, kind: config.kind, at: update.at, intervalSeconds: sources.timing.telemetryInterval,
            ok: update.failure == nil, error: update.failure, problems: problems, firstProblem: firstProblem)
        if repeatedFailures.isNew(status) { batch.emit(.feedStatus(status)) }
    }

    private func ingest(_ update: SchedulerUpdate, from config: SchedulerSourceConfig, into batch: inout EventBatch) {
        var update = update
        update.applyQueuePositions()
        update.promoteAccountingWithoutJobList()
        let at = update.eventTime
        if update.failure == nil {
            batch.emit(.clock(at: at))
            // Nodes first, so running jobs find their GPUs; how jobs ended (sacct) before the live list, which would
            // otherwise end them as completed; priority factors (sprio) last, once the jobs exist.
            let rank: (SchedulerSnapshot) -> Int = { s in
                s.nodes != nil && s.jobs == nil ? 0 : s.accountingJobs != nil ? 1 : s.jobs != nil ? 2 : 3
            }
            let ordered = update.snapshots.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
                .map(\.element)
            for snapshot in ordered {
                batch.emitApplied { state in scheduling.lending(&state) { $0.events(for: snapshot, source: config.name, at: at) } }
            }
        }
        let status = FeedStatus(
            name: config.name, kind: config.kind, at: update.at, intervalSeconds: sources.timing.schedulerInterval,
            ok: update.failure == nil, error: update.failure, problems: update.problemCount,
            firstProblem: update.firstProblem, reportsJobs: update.hasJobList, asOf: update.documentTime)
        if repeatedFailures.isNew(status) { batch.emit(.feedStatus(status)) }
    }
}

import FleetCore

/// Turns scheduler snapshots into fleet events, diffing against the state they apply to: the writer loop's, lent for
/// each update (`lending`), or the ingest's own (tests, benchmarks).
///
/// A live-job list (squeue, slurmrestd jobs, Kueue workloads) is complete: jobs the same source reported before and
/// no longer lists have ended. Accounting records (sacct) only say how known jobs ended. Unknown nodes join the fleet
/// in a pool per partition; unknown accounts join the org as teams without quota until a policy file says more.
public struct SchedulerIngest {
    /// Department that accounts first seen in a scheduler feed join.
    public static let observedDepartment = "scheduler accounts"
    /// The state as the emitted events leave it.
    public private(set) var state: FleetState
    private var nodeIndex: [String: Int] = [:]
    /// The fleet `nodeIndex` was built from; another feed may have redefined it since.
    private var indexedFleet: FleetSpec?
    /// Finished accounting records already loaded as history by this ingest.
    private var historyLoaded = Set<String>()
    /// Priority class of each scheduler QOS / workload priority class name (`--qos-class normal=training`).
    private let classOfQOS: [String: String]

    /// An ingest continuing from `state` (the store's current state); a QOS named like a priority class maps to it.
    public init(state: FleetState, classOfQOS: [String: String] = [:]) {
        self.state = state
        self.classOfQOS = classOfQOS
        reindexNodes()
    }

    /// Runs `body` on this ingest over `state` (the writer loop's), moved in and back rather than copied.
    public mutating func lending<R>(_ state: inout FleetState, _ body: (inout SchedulerIngest) -> R) -> R {
        swap(&self.state, &state)
        defer { swap(&self.state, &state) }
        if self.state.fleet != indexedFleet { reindexNodes() }
        return body(&self)
    }

    /// Applies an event that did not come from this ingest (clock, feed status, telemetry) to the mirror.
    public mutating func note(_ event: FleetEvent) {
        state.apply(event)
        if case .fleetDefined = event { reindexNodes() }
    }

    /// The events for one snapshot from `source` taken at `at`; they are applied to the mirror as well.
    public mutating func events(for snapshot: SchedulerSnapshot, source: String, at: Double) -> [FleetEvent] {
        var events: [FleetEvent] = []
        if let nodes = snapshot.nodes { nodeEvents(nodes, cluster: snapshot.cluster, at: at, into: &events) }
        if let jobs = snapshot.jobs {
            liveJobEvents(jobs, scheme: snapshot.kind == "kueue" ? "kueue" : "qos", source: source, at: at, into: &events)
        }
        if let records = snapshot.accountingJobs { accountingEvents(records, source: source, at: at, into: &events) }
        if let shares = snapshot.shares, shares != state.fairShare { emit(.fairShare(shares), into: &events) }
        if let limits = snapshot.limits {
            let kinds = Set(limits.map(\.kind))
            let merged = (state.schedulerLimits ?? []).filter { !kinds.contains($0.kind) } + limits
            if merged != state.schedulerLimits { emit(.schedulerLimits(merged), into: &events) }
        }
        if let queues = snapshot.queues {
            let quotas = queues.map(Self.quota)
            if quotas != state.queueQuotas { emit(.queueQuotas(quotas), into: &events) }
        }
        if let factors = snapshot.priorityFactors { factorEvents(factors, into: &events) }
        return events
    }

    private mutating func emit(_ event: FleetEvent, into events: inout [FleetEvent]) {
        state.apply(event)
        events.append(event)
    }

    // MARK: - Nodes

    private mutating func nodeEvents(_ nodes: [SchedulerNode], cluster: String?, at: Double, into events: inout [FleetEvent]) {
        let unknown = nodes.filter { nodeIndex[$0.name] == nil && $0.gpus > 0 }
        if !unknown.isEmpty, case let spec = extendedFleet(with: unknown, cluster: cluster), spec.nodes.count > state.fleet.nodes.count {
            emit(.fleetDefined(spec), into: &events)
            reindexNodes()
            // Jobs seen running before their nodes existed get their GPUs now, whichever source reported first.
            placeRunningJobs(into: &events)
        }
        var allocation: [NodeAllocationReport] = []
        for node in nodes {
            guard let n = nodeIndex[node.name] else { continue }
            if state.nodes[n].schedulerAllocatedGPUs != node.gpusAllocated {
                allocation.append(NodeAllocationReport(node: Int32(n), gpus: node.gpusAllocated))
            }
            let current = state.nodes[n]
            let reason = node.state == .up ? "" : (node.reason.isEmpty ? node.stateText : node.reason)
            if current.state != node.state || current.reason != reason {
                emit(.nodeState(node: Int32(n), state: node.state, reason: reason, at: at), into: &events)
            }
        }
        if !allocation.isEmpty { emit(.nodeAllocation(allocation), into: &events) }
    }

    /// Gives running jobs that hold fewer GPUs than they run on the free GPUs of their nodes.
    private mutating func placeRunningJobs(into events: inout [FleetEvent]) {
        var short: [(id: String, gpus: Int, held: Int, nodes: [String])] = []
        for case let job? in state.jobSlots where job.state == .running && job.gpuIndices.count < job.gpus {
            guard let nodes = job.scheduler?.nodes, !nodes.isEmpty else { continue }
            short.append((job.id, job.gpus, job.gpuIndices.count, nodes))
        }
        for job in short.sorted(by: { $0.id < $1.id }) {
            let free = freeGPUs(on: job.nodes, count: job.gpus - job.held)
            if !free.isEmpty { emit(.jobPlaced(id: job.id, gpus: free), into: &events) }
        }
    }

    /// Up to `count` free GPUs on the named nodes (those known), spread evenly over them.
    private func freeGPUs(on names: [String], count: Int) -> [Int32] {
        let hosts = names.compactMap { nodeIndex[$0] }
        guard !hosts.isEmpty, count > 0 else { return [] }
        var held: [Int32] = []
        let perNode = (count + hosts.count - 1) / hosts.count
        for n in hosts where held.count < count {
            let node = state.nodes[n]
            var taken = 0
            for g in node.firstGPU..<(node.firstGPU + node.gpuCount)
                where taken < perNode && held.count < count && state.gpus.allocatedSlot[g] < 0 {
                held.append(Int32(g))
                taken += 1
            }
        }
        return held
    }

    private func extendedFleet(with nodes: [SchedulerNode], cluster: String?) -> FleetSpec {
        var spec = state.fleet
        if spec.name.isEmpty { spec.name = cluster ?? "live" }
        let clusterName = cluster ?? "slurm"
        let c: Int
        if let existing = spec.clusters.firstIndex(where: { $0.name == clusterName }) {
            c = existing
        } else {
            spec.clusters.append(Cluster(name: clusterName, region: "local"))
            c = spec.clusters.count - 1
        }
        var total = spec.nodes.reduce(0) { $0 + $1.gpuCount }
        for node in nodes.sorted(by: { $0.name < $1.name }) {
            // Parsers refuse larger documents; this holds the cap across sources and updates too.
            total += node.gpus
            guard total <= InputLimits.maxFleetGPUs else { break }
            let poolName = node.partitions.first ?? "default"
            let pool: Int
            if let p = spec.pools.firstIndex(where: { $0.name == poolName && $0.cluster == c }) {
                pool = p
            } else {
                spec.pools.append(Pool(name: poolName, cluster: c, purchase: .onPrem))
                pool = spec.pools.count - 1
            }
            let modelName = node.gpuModel ?? "GPU"
            let model: Int
            if let m = spec.models.firstIndex(where: { $0.name == modelName }) {
                model = m
            } else {
                spec.models.append(GPUModel(name: modelName, memoryMiB: 0, tdpWatts: 0))
                model = spec.models.count - 1
            }
            // Slurm knows no GPU UUIDs: slots are named `host/gpuN` until telemetry for the host claims them.
            let uuids = (0..<node.gpus).map { "\(node.name)/gpu\($0)" }
            spec.nodes.append(NodeSpec(name: node.name, pool: pool, model: model, gpuCount: node.gpus, zone: "",
                                       gpuUUIDs: uuids))
        }
        return spec
    }

    private mutating func reindexNodes() {
        indexedFleet = state.fleet
        nodeIndex = Dictionary(state.nodes.enumerated().map { ($0.element.name, $0.offset) },
                               uniquingKeysWith: { first, _ in first })
    }

    // MARK: - Jobs

    private mutating func liveJobEvents(_ jobs: [SchedulerJob], scheme: String, source: String, at: Double,
                                        into events: inout [FleetEvent]) {
        let newAccounts = Set(jobs.map(\.account)).filter { !$0.isEmpty && state.teamIndex(named: $0) == nil }
        if !newAccounts.isEmpty { emit(.orgDefined(extendedOrg(with: newAccounts)), into: &events) }
        var listed = Set<String>()
        listed.reserveCapacity(jobs.count)
        var priorities: [JobPriorityUpdate] = []
        // Finished entries of a live list (Kueue keeps finished Workloads a while) end known jobs with their outcome.
        for job in jobs {
            guard let outcome = Self.outcome(job.state), state.job(id: job.id) != nil else { continue }
            emit(.jobEnded(id: job.id, at: min(job.endedAt ?? at, at), outcome: outcome), into: &events)
        }
        for job in jobs where job.state == .pending || job.state == .running {
            listed.insert(job.id)
            guard let known = state.job(id: job.id) else {
                emit(.jobSubmitted(submission(job, scheme: scheme, source: source, at: at)), into: &events)
                if job.state == .running {
                    start(job, at: at, into: &events)
                } else if !job.reason.isEmpty {
                    emit(.jobPendingReason(id: job.id, reason: job.reason), into: &events)
                }
                continue
            }
            if known.state == .pending, job.state == .running {
                start(job, at: at, into: &events)
            } else if known.state == .running, known.gpuIndices.count < known.gpus {
                // Its nodes may have joined since it started (another source's document came later).
                let free = freeGPUs(on: job.nodes, count: known.gpus - known.gpuIndices.count)
                if !free.isEmpty { emit(.jobPlaced(id: job.id, gpus: free), into: &events) }
            } else if known.state == .pending, known.pendingReason != job.reason {
                emit(.jobPendingReason(id: job.id, reason: job.reason), into: &events)
            }
            let priorityChanged = job.priority.map { $0.isFinite && known.scheduler?.priority != $0 } ?? false
            let positionChanged = job.queuePosition != nil && known.scheduler?.queuePosition != job.queuePosition
            if priorityChanged || positionChanged {
                priorities.append(JobPriorityUpdate(id: job.id, priority: job.priority ?? known.scheduler?.priority ?? 0,
                                                    position: job.queuePosition))
            }
        }
        if !priorities.isEmpty { emit(.jobPriorities(priorities), into: &events) }
        // Jobs this source listed before and no longer lists have left the queue.
        var gone: [String] = []
        for case let job? in state.jobSlots where job.scheduler?.source == source && !listed.contains(job.id) {
            gone.append(job.id)
        }
        for id in gone.sorted() {
            emit(.jobEnded(id: id, at: at, outcome: .completed), into: &events)
        }
    }

    /// sprio: priority and its factors of the live jobs whose factors changed.
    private mutating func factorEvents(_ factors: [String: [String: Double]], into events: inout [FleetEvent]) {
        var updates: [JobPriorityUpdate] = []
        for (id, f) in factors.sorted(by: { $0.key < $1.key }) {
            guard let job = state.job(id: id), job.scheduler?.priorityFactors != f else { continue }
            updates.append(JobPriorityUpdate(id: id, priority: f["priority"] ?? job.scheduler?.priority ?? 0, factors: f))
        }
        if !updates.isEmpty { emit(.jobPriorities(updates), into: &events) }
    }

    private func submission(_ job: SchedulerJob, scheme: String, source: String, at: Double) -> JobSubmission {
        // --qos-class wins, then the policy file's maps_from (qos:NAME / kueue:NAME), then a class named like the QOS.
        let wanted = classOfQOS[job.qos] ?? state.policy?.rules?.classOfSchedulerName["\(scheme):\(job.qos)"] ?? job.qos
        let priorityClass = state.priorityClasses.contains(where: { $0.name == wanted }) ? wanted : ""
        var fields = SchedulerFields(queue: job.queue, qos: job.qos, user: job.user, source: source, priority: job.priority,
                                     nodes: job.nodes)
        fields.queuePosition = job.queuePosition
        return JobSubmission(
            id: job.id, name: job.name, team: job.account, project: job.user, priorityClass: priorityClass,
            gpus: job.gpus, gpuModel: job.gpuModel, submittedAt: min(job.submittedAt ?? at, at), scheduler: fields)
    }

    /// Starts `job` on free GPUs of its nodes, spread evenly; a job on unknown nodes starts holding none.
    private mutating func start(_ job: SchedulerJob, at: Double, into events: inout [FleetEvent]) {
        let startedAt = min(job.startedAt ?? at, at)
        emit(.jobStarted(id: job.id, at: startedAt, gpus: freeGPUs(on: job.nodes, count: job.gpus)), into: &events)
    }

    private func extendedOrg(with accounts: Set<String>) -> OrgSpec {
        var org = state.org
        if org.name.isEmpty { org.name = state.fleet.name.isEmpty ? "live" : state.fleet.name }
        let department: Int
        if let d = org.departments.firstIndex(where: { $0.name == Self.observedDepartment }) {
            department = d
        } else {
            org.departments.append(Department(name: Self.observedDepartment, costCenter: ""))
            department = org.departments.count - 1
        }
        for account in accounts.sorted() {
            // No quota or budget is invented: those come from Kueue or a policy file.
            org.teams.append(Team(name: account, department: department, costCenter: "", quotaGPUs: 0,
                                  borrowingLimitGPUs: 0, monthlyBudget: 0, projects: [], limitsSet: false))
        }
        return org
    }

    /// sacct: how the live jobs it lists as finished ended; finished jobs never seen live become history (their wait
    /// and GPU-hours on the free GPUs of their nodes), once per job.
    private mutating func accountingEvents(_ records: [SchedulerJob], source: String, at: Double, into events: inout [FleetEvent]) {
        for record in records where state.job(id: record.id) == nil {
            guard let outcome = Self.outcome(record.state), let startedAt = record.startedAt, let endedAt = record.endedAt,
                  endedAt >= startedAt, !historyLoaded.contains(record.id) else { continue }
            historyLoaded.insert(record.id)
            guard !state.recentFinishedJobs.contains(where: { $0.id == record.id }) else { continue }
            let newAccounts = [record.account].filter { !$0.isEmpty && state.teamIndex(named: $0) == nil }
            if !newAccounts.isEmpty { emit(.orgDefined(extendedOrg(with: Set(newAccounts))), into: &events) }
            var submission = submission(record, scheme: "qos", source: source, at: min(record.submittedAt ?? startedAt, startedAt))
            submission.scheduler?.source = "\(source) (history)"  // not part of any live list
            emit(.jobSubmitted(submission), into: &events)
            start(record, at: startedAt, into: &events)
            emit(.jobEnded(id: record.id, at: min(endedAt, max(at, startedAt)), outcome: outcome), into: &events)
        }
        for record in records {
            guard let known = state.job(id: record.id), let outcome = Self.outcome(record.state) else { continue }
            if known.state == .pending, let startedAt = record.startedAt {
                start(record, at: min(startedAt, at), into: &events)
            }
            emit(.jobEnded(id: record.id, at: min(record.endedAt ?? at, at), outcome: outcome), into: &events)
        }
    }

    private static func quota(_ q: SchedulerQueue) -> QueueQuota {
        QueueQuota(name: q.name, kind: q.kind, parent: q.parent, nominalGPUs: q.nominalGPUs,
                   borrowingLimitGPUs: q.borrowingLimitGPUs, lendingLimitGPUs: q.lendingLimitGPUs, usedGPUs: q.usedGPUs,
                   pendingActive: q.pendingActive, pendingInadmissible: q.pendingInadmissible, admitted: q.admitted,
                   fairWeight: q.fairWeight, weightedShare: q.weightedShare)
    }

    private static func outcome(_ state: SchedulerJobState) -> JobOutcome? {
        switch state {
        case .pending, .running: nil
        case .completed: .completed
        case .failed: .failed
        case .cancelled: .cancelled
        case .preempted: .preempted
        }
    }
}

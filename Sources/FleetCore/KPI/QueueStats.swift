/// How queues are grouped in the queues pane.
public enum QueueGrouping: String, Sendable, CaseIterable {
    /// The scheduler's queue: Slurm partition, Kueue ClusterQueue (simulated jobs: their priority class).
    case queue
    /// fleetdeck priority class.
    case priorityClass = "class"
}

/// One queue's depth, waits and why its jobs wait.
public struct QueueStats: Sendable, Hashable {
    public var name: String
    public var pendingJobs = 0
    public var pendingGPUs = 0
    public var runningJobs = 0
    public var runningGPUs = 0
    /// Longest current wait of a pending job, seconds.
    public var oldestWait: Double?
    /// Queue-wait percentiles of jobs that started within the policy's window.
    public var waitP50: Double?
    public var waitP95: Double?
    public var startedInWindow = 0
    /// The queue-wait SLA when every job in the queue has the same class (always, when grouped by class).
    public var sla: Double?
    /// Pending jobs by reason category, largest first.
    public var reasons: [(category: PendingReasonCategory, count: Int)] = []
    /// Pending jobs at each of the last minutes, oldest first.
    public var depthHistory: [Int] = []
    /// The configured depth limit, if any.
    public var depthLimit: Int?
    /// GPU quota and use when the scheduler reports them (Kueue ClusterQueues).
    public var quota: QueueQuota?

    /// Whether the depth passed its configured limit.
    public var overLimit: Bool { depthLimit.map { pendingJobs > $0 } ?? false }
    /// Whether the oldest pending job already waits longer than the SLA.
    public var breachingSLA: Bool {
        guard let sla, let oldestWait else { return false }
        return oldestWait > sla
    }

    public static func == (a: QueueStats, b: QueueStats) -> Bool {
        a.name == b.name && a.pendingJobs == b.pendingJobs && a.pendingGPUs == b.pendingGPUs && a.runningJobs == b.runningJobs
            && a.oldestWait == b.oldestWait && a.waitP50 == b.waitP50 && a.waitP95 == b.waitP95
            && a.reasons.map(\.category) == b.reasons.map(\.category) && a.reasons.map(\.count) == b.reasons.map(\.count)
    }

    public func hash(into h: inout Hasher) { h.combine(name) }
}

/// Pending reasons folded into what an approver acts on.
public enum PendingReasonCategory: String, Sendable, CaseIterable {
    case resources = "Resources"
    case priority = "Priority"
    case limits = "QOS/limits"
    case inadmissible = "Inadmissible"
    case dependency = "Dependency"
    case held = "Held"
    case nodes = "Nodes"
    case other = "Other"
    /// The scheduler has not said yet (a job just submitted).
    case unstated = "No reason yet"

    /// A short label for narrow columns.
    public var short: String {
        switch self {
        case .resources: "Res"
        case .priority: "Prio"
        case .limits: "Limits"
        case .inadmissible: "Inadm"
        case .dependency: "Dep"
        case .held: "Held"
        case .nodes: "Nodes"
        case .other: "Other"
        case .unstated: "new"
        }
    }

    /// The category of a scheduler's pending reason (Slurm reason codes, Kueue condition reasons).
    public static func of(_ reason: String) -> PendingReasonCategory {
        let r = reason.lowercased()
        if r.isEmpty { return .unstated }
        if r.hasPrefix("resources") || r == "quotareserved" || r.contains("insufficient") { return .resources }
        if r.hasPrefix("priority") || r == "waiting" { return .priority }
        if r.hasPrefix("qos") || r.hasPrefix("assoc") || r.contains("limit") || r.hasPrefix("maxgres") || r.contains("quota")
            || r.hasPrefix("accountnotallowed") { return .limits }
        if r.contains("inadmissible") || r.contains("clusterqueue") || r.contains("localqueue") { return .inadmissible }
        if r.hasPrefix("dependency") { return .dependency }
        if r.contains("held") || r.hasPrefix("begintime") { return .held }
        if r.hasPrefix("reqnode") || r.hasPrefix("nodedown") || r.hasPrefix("partitionnodelimit")
            || r.hasPrefix("partitiondown") || r.hasPrefix("partitioninactive") { return .nodes }
        return .other
    }
}

extension QueueStats {
    /// Queue statistics of the state, grouped as asked, sorted by pending GPUs (most first) then name.
    public static func derive(from s: FleetState, grouping: QueueGrouping) -> [QueueStats] {
        let classes = s.priorityClasses
        var byName: [String: QueueStats] = [:]
        var classesSeen: [String: Set<Int32>] = [:]
        var reasonCounts: [String: [PendingReasonCategory: Int]] = [:]
        func key(_ job: Job) -> String {
            switch grouping {
            case .queue: job.queueName(classes: classes)
            case .priorityClass: job.priorityClass >= 0 && Int(job.priorityClass) < classes.count
                ? classes[Int(job.priorityClass)].name : "(no class)"
            }
        }
        if grouping == .priorityClass {
            for c in classes { byName[c.name] = QueueStats(name: c.name) }
        }
        // Every reported ClusterQueue has a row, busy or not.
        let quotas = grouping == .queue ? (s.queueQuotas ?? []).filter { $0.kind == "ClusterQueue" } : []
        for q in quotas where byName[q.name] == nil { byName[q.name] = QueueStats(name: q.name) }
        for case let job? in s.jobSlots {
            let name = key(job)
            var q = byName[name] ?? QueueStats(name: name)
            classesSeen[name, default: []].insert(job.priorityClass)
            if job.state == .pending {
                q.pendingJobs += 1
                q.pendingGPUs += job.gpus
                q.oldestWait = max(q.oldestWait ?? 0, s.now - job.submittedAt)
                reasonCounts[name, default: [:]][PendingReasonCategory.of(job.pendingReason), default: 0] += 1
            } else {
                q.runningJobs += 1
                q.runningGPUs += job.gpuIndices.count
            }
            byName[name] = q
        }
        for name in byName.keys {
            guard var q = byName[name] else { continue }
            q.reasons = (reasonCounts[name] ?? [:]).map { ($0.key, $0.value) }
                .sorted { ($0.count, $1.category.rawValue) > ($1.count, $0.category.rawValue) }
            let seen = classesSeen[name] ?? []
            let onlyClass = grouping == .priorityClass ? classes.firstIndex { $0.name == name }.map(Int32.init)
                : (seen.count == 1 ? seen.first : nil)
            if let c = onlyClass, c >= 0, Int(c) < classes.count { q.sla = classes[Int(c)].queueWaitSLASeconds }
            let waits = waits(named: name, grouping: grouping, in: s).sorted()
            q.startedInWindow = waits.count
            if !waits.isEmpty {
                q.waitP50 = waits[min(waits.count - 1, waits.count / 2)]
                q.waitP95 = waits[min(waits.count - 1, Int((Double(waits.count) * 0.95).rounded(.down)))]
            }
            q.depthHistory = s.queues?.series(name, grouping: grouping) ?? []
            q.depthLimit = s.policy?.queueDepthLimits?[name]
            q.quota = quotas.first { $0.name == name }
            byName[name] = q
        }
        return byName.values.sorted { ($0.pendingGPUs, $1.name) > ($1.pendingGPUs, $0.name) }
    }

    private static func waits(named name: String, grouping: QueueGrouping, in s: FleetState) -> [Double] {
        switch grouping {
        case .priorityClass:
            guard let c = s.classIndex(named: name), c < s.waitRecords.count else { return [] }
            return s.waitRecords[c].map(\.waitSeconds)
        case .queue:
            if let records = s.queues?.waits[name] { return records.map(\.waitSeconds) }
            // Jobs without a scheduler queue wait in their class: the class's records are that queue's.
            guard let c = s.classIndex(named: name), c < s.waitRecords.count else { return [] }
            return s.waitRecords[c].map(\.waitSeconds)
        }
    }
}

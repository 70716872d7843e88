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
        // Queues in an array; per-queue values are changed in place, never copied back. Hashing per job cost more than
        // the rest, so a job's queue is found by its class where its class names it, and its classes and reasons are
        // counted in arrays.
        var stats: [QueueStats] = [], indexOf: [String: Int] = [:]
        var onlyClass: [Int32?] = [], mixedClasses: [Bool] = [], reasonCounts: [[Int]] = []
        let categories = PendingReasonCategory.allCases
        func index(_ name: String) -> Int {
            if let i = indexOf[name] { return i }
            indexOf[name] = stats.count
            stats.append(QueueStats(name: name))
            onlyClass.append(nil)
            mixedClasses.append(false)
            reasonCounts.append([Int](repeating: 0, count: categories.count))
            return stats.count - 1
        }
        var indexOfClass = [Int?](repeating: nil, count: classes.count)
        if grouping == .priorityClass {
            for c in classes.indices { indexOfClass[c] = index(classes[c].name) }
        }
        // Every reported ClusterQueue has a row, busy or not.
        let quotas = grouping == .queue ? (s.queueQuotas ?? []).filter { $0.kind == .clusterQueue } : []
        for q in quotas { _ = index(q.name) }
        // A few distinct reasons stand for many jobs: each is categorised once, and runs of one reason hash once.
        var categoryOf: [String: Int] = [:]
        var lastReason: String?, lastCategory = 0
        // State, class, GPUs asked and submit time come from the reducer's flat columns; only a job's queue, reason and
        // GPUs held are read from its slot (in place: binding whole `Job` values would retain their strings and arrays).
        let columns = s.jobColumns ?? .count(s)
        let jobState = columns.state, jobClass = columns.priorityClass, asked = columns.gpus, submittedAt = columns.submittedAt
        for slot in 0..<min(columns.count, s.jobSlots.count) {
            guard let state = jobState[slot] else { continue }
            let cls = jobClass[slot]
            let known = cls >= 0 && Int(cls) < classes.count
            let i: Int
            if grouping == .queue, let queue = s.jobSlots[slot]?.scheduler?.queue, !queue.isEmpty {
                i = index(queue)
            } else if known {
                // Named by its class (`Job.queueName` without a scheduler queue, or grouped by class).
                if let found = indexOfClass[Int(cls)] { i = found } else {
                    i = index(classes[Int(cls)].name)
                    indexOfClass[Int(cls)] = i
                }
            } else {
                i = index(grouping == .queue ? "—" : "(no class)")
            }
            if let first = onlyClass[i] { if first != cls { mixedClasses[i] = true } } else { onlyClass[i] = cls }
            if state == .pending {
                stats[i].pendingJobs += 1
                stats[i].pendingGPUs += Int(asked[slot])
                stats[i].oldestWait = max(stats[i].oldestWait ?? 0, s.now - submittedAt[slot])
                let reason = s.jobSlots[slot]?.pendingReason ?? ""
                if reason != lastReason {
                    lastCategory = categoryOf[reason] ?? categories.firstIndex(of: PendingReasonCategory.of(reason)) ?? 0
                    categoryOf[reason] = lastCategory
                    lastReason = reason
                }
                reasonCounts[i][lastCategory] += 1
            } else {
                stats[i].runningJobs += 1
                stats[i].runningGPUs += s.jobSlots[slot]?.gpuIndices.count ?? 0
            }
        }
        for i in stats.indices {
            let name = stats[i].name
            stats[i].reasons = categories.indices.filter { reasonCounts[i][$0] > 0 }.map { (categories[$0], reasonCounts[i][$0]) }
                .sorted { ($0.count, $1.category.rawValue) > ($1.count, $0.category.rawValue) }
            let single = grouping == .priorityClass ? classes.firstIndex { $0.name == name }.map(Int32.init)
                : (mixedClasses[i] ? nil : onlyClass[i])
            if let c = single, c >= 0, Int(c) < classes.count { stats[i].sla = classes[Int(c)].queueWaitSLASeconds }
            let waits = waits(named: name, grouping: grouping, in: s).sorted()
            stats[i].startedInWindow = waits.count
            if !waits.isEmpty {
                stats[i].waitP50 = waits[min(waits.count - 1, waits.count / 2)]
                stats[i].waitP95 = waits[min(waits.count - 1, Int((Double(waits.count) * 0.95).rounded(.down)))]
            }
            stats[i].depthHistory = s.queues?.series(name, grouping: grouping) ?? []
            stats[i].depthLimit = s.policy?.queueDepthLimits?[name]
            stats[i].quota = quotas.first { $0.name == name }
        }
        return stats.sorted { ($0.pendingGPUs, $1.name) > ($1.pendingGPUs, $0.name) }
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

/// Which GPUs count as allocated, from every source that can say so.
///
/// A job that holds GPUs (from a job list, the simulator or a replay) or a telemetry owner says a GPU is in use. On a
/// node where nothing holds a GPU, the scheduler's own per-node count (`gres_used`) says how many are; when no job list
/// has reported, no job runs and no node has a count, allocation is unknown rather than 0.
extension FleetState {
    /// Per node, the GPUs that count as allocated on the scheduler's per-node count alone: its count on nodes where no
    /// job or owner holds a GPU; empty when no node has a count.
    public func reportedOnlyAllocation() -> [Int] {
        guard nodes.contains(where: { ($0.schedulerAllocatedGPUs ?? 0) > 0 }) else { return [] }
        return nodes.map { node in
            guard let reported = node.schedulerAllocatedGPUs, reported > 0 else { return 0 }
            let held = (node.firstGPU..<(node.firstGPU + node.gpuCount)).contains { gpus.isAllocated($0) }
            return held ? 0 : min(reported, node.gpuCount)
        }
    }

    /// Whether GPU `g` of node `n` is allocated, given `reportedOnly` from `reportedOnlyAllocation()`.
    public func isAllocated(gpu g: Int, node n: Int, reportedOnly: [Int]) -> Bool {
        gpus.isAllocated(g) || (n < reportedOnly.count && g - nodes[n].firstGPU < reportedOnly[n])
    }

    /// Whether anything says which GPUs are allocated: a job list, jobs, a telemetry owner or a node's count.
    public var allocationIsKnown: Bool {
        jobTotals.submitted > 0 || jobSlots.contains { $0 != nil } || feeds.contains { $0.reportsJobs == true }
            || nodes.contains { $0.schedulerAllocatedGPUs != nil } || (0..<gpus.count).contains { gpus.isAllocated($0) }
    }
}

extension FleetState {
    /// The newest time a saved document (rather than a live source) describes, when any feed is one.
    public var savedDocumentTime: Double? { feeds.compactMap(\.asOf).max() }
}

extension FleetState {
    /// A job's priority class name, else its scheduler's unmapped QOS as `qos:NAME`, else "(unknown)".
    public func classLabel(of job: Job) -> String {
        if job.priorityClass >= 0 && Int(job.priorityClass) < priorityClasses.count { return priorityClasses[Int(job.priorityClass)].name }
        if let qos = job.scheduler?.qos, !qos.isEmpty { return "qos:\(qos)" }
        return "(unknown)"
    }
}

extension FleetState {
    /// The name of a job's team; nil when its index names no team of the org.
    public func teamName(of job: Job) -> String? {
        job.team >= 0 && Int(job.team) < org.teams.count ? org.teams[Int(job.team)].name : nil
    }

    /// The name of a job's team, else "(unknown)": the one label every view uses for a job whose team is not known.
    public func teamLabel(of job: Job) -> String { teamLabel(index: job.team) }

    /// The name of team `index`, else "(unknown)", as `teamLabel(of:)` says it for a job of that team.
    public func teamLabel(index: Int32) -> String {
        index >= 0 && Int(index) < org.teams.count ? org.teams[Int(index)].name : "(unknown)"
    }
}

extension FleetState {
    /// Whether the fleet came from real sources (telemetry, schedulers, a replayed trace) and never from the built-in
    /// simulator: simulated events must not be mixed into it.
    public var isFedByRealSources: Bool {
        gpus.count > 0 && !feeds.contains { $0.kind == .simulator }
            && feeds.contains { $0.kind != .policyFile && $0.kind != .alertmanager }
    }
}

/// A number a review shows, computed from a rollup's sums; its raw value is the stable id reports carry.
public enum KPIMetric: String, Codable, Sendable, CaseIterable {
    case totalGPUHours = "capacity.total_gpu_hours"
    case allocatedGPUHours = "capacity.allocated_gpu_hours"
    case downGPUHours = "capacity.down_gpu_hours"
    case plannedDownGPUHours = "capacity.planned_down_gpu_hours"
    case idleGPUHours = "capacity.idle_gpu_hours"
    case reservedGPUHours = "capacity.reserved_gpu_hours"
    case capacityGPUHours = "capacity.capacity_gpu_hours"
    case allocation = "util.allocation"
    case activeGPUHours = "util.active_gpu_hours"
    case busy = "util.busy"
    case effectiveUtilization = "util.effective"
    case pendingJobs = "queue.pending_jobs"
    case pendingGPUs = "queue.pending_gpus"
    case jobsStarted = "queue.jobs_started"
    case waitP50 = "queue.wait_p50"
    case waitP95 = "queue.wait_p95"
    case slaAttainment = "queue.sla_attainment"
    case cost = "cost.dollars"
    case idleAllocatedGPUHours = "cost.idle_allocated_gpu_hours"
    case idleAllocatedCost = "cost.idle_allocated_dollars"
    case unallocatedCost = "cost.unallocated_dollars"
    case borrowedGPUHours = "teams.borrowed_gpu_hours"
    case preemptions = "reliability.preemptions"
    case nodeFailures = "reliability.node_failures"
    case xids = "reliability.xids"
    case requestsFiled = "governance.filed"
    case requestsApproved = "governance.approved"
    case requestsDenied = "governance.denied"
    case requestsLapsed = "governance.lapsed"
    case decisionP50 = "governance.decision_p50"
    case decisionP95 = "governance.decision_p95"
    case escalations = "governance.escalations"
    case overrideGPUHours = "governance.override_gpu_hours"

    /// The metric's definition.
    public var definition: KPIDefinition { KPIDefinition.of(self) }
}

/// How a metric's value comes from a rollup.
public enum KPIFormula: Sendable, Hashable {
    /// The sum itself.
    case sum(RollupSum)
    /// numerator / denominator; nil when the denominator is 0 or unmeasured.
    case ratio(RollupSum, over: RollupSum)
    /// A percentile (0–1) of one of the rollup's histograms.
    case percentile(KPIHistogram, Double)
}

/// The histograms a rollup keeps.
public enum KPIHistogram: Sendable, Hashable {
    case queueWait, timeToDecision
}

/// The unit a metric's value is in.
public enum KPIUnit: String, Sendable {
    case gpuHours = "GPU-h", ratio = "ratio", count = "count", seconds = "s", dollars = "$", mean = "mean"
}

/// What a metric means: its formula over the rollup's sums and the signal those sums come from.
public struct KPIDefinition: Sendable, Hashable {
    public var metric: KPIMetric
    public var title: String
    public var unit: KPIUnit
    public var formula: KPIFormula
    /// The formula in words.
    public var formulaText: String
    /// Where the sums come from.
    public var source: String

    /// The value of the metric in `rollup`; nil when its sources measured nothing.
    public func value(in rollup: KPIRollup) -> Double? {
        switch formula {
        case .sum(let s): return rollup[s]
        case let .ratio(n, d):
            guard let num = rollup[n], let den = rollup[d], den > 0 else { return nil }
            return num / den
        case let .percentile(h, p):
            return (h == .queueWait ? rollup.waits : rollup.decisions)?.percentile(p)
        }
    }

    /// Every metric's definition, in catalogue order.
    public static let all: [KPIDefinition] = KPIMetric.allCases.map(of)
}

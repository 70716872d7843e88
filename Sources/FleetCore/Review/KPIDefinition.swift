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
    case coveredHours = "coverage.hours"
    case downShare = "capacity.down_share"
    case quotaGPUHours = "teams.quota_gpu_hours"
    case quotaBurn = "teams.quota_burn"
    case budget = "cost.budget"
    case budgetBurn = "cost.budget_burn"
    case demandGPUs = "forecast.demand_gpus"
    case capacityGPUs = "forecast.capacity_gpus"
    case demandGrowth = "forecast.demand_growth"
    case shortfallDays = "forecast.first_shortfall_days"

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
    /// (Σ numerators) / denominator; nil when the denominator is 0 or any part unmeasured.
    case ratioOfSums([RollupSum], over: RollupSum)
    /// A target the policy sets for the period (quota, budget); `ReviewPack` derives it, a rollup alone cannot.
    case target(ReviewTarget)
    /// A sum over a policy target for the period; `ReviewPack` derives it.
    case ofTarget(RollupSum, ReviewTarget)
    /// A linear trend fitted to the period's daily values; `ReviewForecast` derives it.
    case dailyTrend
}

/// A target from the policy that a review compares sums with.
public enum ReviewTarget: Sendable, Hashable {
    /// Nominal quota GPUs × hours of the period.
    case quotaGPUHours
    /// Monthly budget prorated to the period's share of each month it spans.
    case budgetDollars
}

/// The histograms a rollup keeps.
public enum KPIHistogram: Sendable, Hashable {
    case queueWait, timeToDecision
}

/// The unit a metric's value is in.
public enum KPIUnit: String, Sendable {
    case gpuHours = "GPU-h", ratio = "ratio", count = "count", seconds = "s", dollars = "$", mean = "mean"
    case hours = "h", gpus = "GPUs", gpusPerDay = "GPUs/day", days = "days"
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

    /// The value of the metric in `rollup`; nil when its sources measured nothing, or the formula needs a target or
    /// the period's days (`ReviewPack` derives those).
    public func value(in rollup: KPIRollup) -> Double? {
        switch formula {
        case .sum(let s): return rollup[s]
        case let .ratio(n, d):
            guard let num = rollup[n], let den = rollup[d], den > 0 else { return nil }
            return num / den
        case let .percentile(h, p):
            return (h == .queueWait ? rollup.waits : rollup.decisions)?.percentile(p)
        case let .ratioOfSums(parts, d):
            var num = 0.0
            for part in parts {
                guard let v = rollup[part] else { return nil }
                num += v
            }
            guard let den = rollup[d], den > 0 else { return nil }
            return num / den
        case .target, .ofTarget, .dailyTrend: return nil
        }
    }

    /// Every metric's definition, in catalogue order.
    public static let all: [KPIDefinition] = KPIMetric.allCases.map(of)
}

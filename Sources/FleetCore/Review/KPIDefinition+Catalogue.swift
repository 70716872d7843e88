extension KPIDefinition {
    private static let minute = "sampled once a fleet minute by the writer (a gap is filled with the next sample, within its hour)"
    private static let busySource = "GPU utilisation: DCGM_FI_PROF_GR_ENGINE_ACTIVE×100 when present, else DCGM_FI_DEV_GPU_UTIL (nvidia-smi utilization.gpu); only current samples count"

    /// Whether the metric means something for a scope of `kind`: paid GPUs no one holds belong to no team, department
    /// or class, so their cost is the fleet's, a cluster's or a pool's alone.
    public func applies(to kind: RollupScopeKind) -> Bool {
        switch metric {
        case .unallocatedCost: [.fleet, .cluster, .pool].contains(kind)
        default: true
        }
    }

    /// The one definition of `metric`.
    static func of(_ m: KPIMetric) -> KPIDefinition {
        func d(_ title: String, _ unit: KPIUnit, _ f: KPIFormula, _ text: String, _ source: String) -> KPIDefinition {
            KPIDefinition(metric: m, title: title, unit: unit, formula: f, formulaText: text, source: source)
        }
        switch m {
        case .totalGPUHours: return d("GPU-hours in the fleet", .gpuHours, .sum(.totalGPUHours), "Σ GPUs × hours", "fleet definition; \(minute)")
        case .allocatedGPUHours: return d("Allocated", .gpuHours, .sum(.allocatedGPUHours), "Σ allocated GPUs × hours (sreport Allocated)",
                                          "jobs holding GPUs, telemetry owners, scheduler gres_used; for teams and departments the reducer's accrual of GPUs held × time, the figure chargeback bills")
        case .downGPUHours: return d("Down", .gpuHours, .sum(.downGPUHours), "Σ unallocated GPUs on down nodes or failing × hours (sreport Down)", "node state (sinfo), GPU health (XIDs, row remap); \(minute)")
        case .plannedDownGPUHours: return d("Planned down (drained)", .gpuHours, .sum(.plannedDownGPUHours), "Σ unallocated healthy GPUs on drained nodes × hours (sreport PlannedDown)", "node state drain; \(minute)")
        case .idleGPUHours: return d("Idle", .gpuHours, .sum(.idleGPUHours), "Σ unallocated healthy GPUs on up nodes × hours (sreport Idle)", "allocation and node state; \(minute)")
        case .reservedGPUHours: return d("Reserved", .gpuHours, .sum(.reservedGPUHours), "Σ GPUs held for a reservation × hours (sreport Reserved)", "no feed reports reservations yet: always missing")
        case .capacityGPUHours: return d("Capacity", .gpuHours, .sum(.capacityGPUHours), "Σ healthy GPUs on up nodes × hours", "node state and GPU health; \(minute)")
        case .allocation: return d("Allocation", .ratio, .ratio(.allocatedGPUHours, over: .capacityGPUHours), "allocated GPU-hours / capacity GPU-hours", "as Allocated and Capacity")
        case .activeGPUHours: return d("GPU-hours active", .gpuHours, .sum(.activeGPUHours), "Σ utilisation × allocated GPUs × hours (XDMoD SUPReMM GPU Hours Active)", busySource)
        case .busy: return d("Busy", .ratio, .ratio(.activeGPUHours, over: .sampledAllocatedGPUHours), "GPU-hours active / allocated GPU-hours with current telemetry", busySource)
        case .effectiveUtilization: return d("Effective utilisation", .ratio, .ratio(.capacityUtilGPUHours, over: .sampledCapacityGPUHours),
                                             "Σ utilisation over capacity × hours / capacity GPU-hours with current telemetry (= allocation × busy)", busySource)
        case .pendingJobs: return d("Pending jobs (mean)", .mean, .ratio(.pendingJobHours, over: .coveredHours), "Σ pending jobs × hours / hours sampled", "job lists (squeue, Kueue, simulator); \(minute)")
        case .pendingGPUs: return d("Pending GPUs (mean)", .mean, .ratio(.pendingGPUHours, over: .coveredHours), "Σ GPUs asked by pending jobs × hours / hours sampled", "job lists; \(minute)")
        case .jobsStarted: return d("Jobs started", .count, .sum(.jobsStarted), "jobs that started in the period", "the reducer's wait records (start − submit) per priority class")
        case .waitP50: return d("Queue wait p50", .seconds, .percentile(.queueWait, 0.5), "nearest-rank median of start − submit of jobs started, to within 25 % (log buckets)", "the reducer's wait records per priority class")
        case .waitP95: return d("Queue wait p95", .seconds, .percentile(.queueWait, 0.95), "nearest-rank 95th percentile of start − submit, to within 25 % (log buckets)", "the reducer's wait records per priority class")
        case .slaAttainment: return d("SLA attainment", .ratio, .ratio(.jobsStartedWithinSLA, over: .jobsStarted), "jobs started within their class's queue-wait SLA / jobs started", "wait records; SLA from the policy's priority classes")
        case .cost: return d("Cost", .dollars, .sum(.costDollars), "Σ price per GPU-hour of every priced GPU × hours; teams: the reducer's accrual of their GPUs' price × time",
                             "policy prices per model, purchase option and region; \(minute)")
        case .idleAllocatedGPUHours: return d("Idle allocated", .gpuHours, .sum(.idleAllocatedGPUHours), "Σ allocated GPUs under the idle threshold for the idle window × hours",
                                              "\(busySource); threshold and window from the policy (default 5 %, 30 min)")
        case .idleAllocatedCost: return d("Idle allocated cost", .dollars, .sum(.idleAllocatedDollars), "Σ price of idle allocated GPUs × hours", "as Idle allocated, priced by the policy")
        case .unallocatedCost: return d("Paid unallocated", .dollars, .sum(.unallocatedDollars), "Σ price of priced GPUs no one holds × hours", "allocation and policy prices; \(minute)")
        case .borrowedGPUHours: return d("Borrowed", .gpuHours, .sum(.borrowedGPUHours), "Σ max(0, GPUs held − nominal quota) × hours", "the reducer's team holdings and the org's quotas; \(minute)")
        case .preemptions: return d("Preemptions", .count, .sum(.preemptions), "jobs that ended preempted", "job outcomes (sacct, simulator, replay)")
        case .nodeFailures: return d("Node failures", .count, .sum(.nodeFailures), "nodes that went down", "node state changes (sinfo, simulator), seen by the writer")
        case .xids: return d("XID errors", .count, .sum(.xids), "XID errors reported", "DCGM_FI_DEV_XID_ERRORS and XID events")
        case .requestsFiled: return d("Requests filed", .count, .sum(.requestsFiled), "override requests filed", "governance events")
        case .requestsApproved: return d("Approved", .count, .sum(.requestsApproved), "requests approved", "governance events")
        case .requestsDenied: return d("Denied", .count, .sum(.requestsDenied), "requests denied", "governance events")
        case .requestsLapsed: return d("Lapsed", .count, .sum(.requestsLapsed), "requests undecided at their expiry", "governance events")
        case .decisionP50: return d("Time to decision p50", .seconds, .percentile(.timeToDecision, 0.5), "median of decided − filed of requests approved or denied, to within 25 %", "governance events")
        case .decisionP95: return d("Time to decision p95", .seconds, .percentile(.timeToDecision, 0.95), "95th percentile of decided − filed, to within 25 %", "governance events")
        case .escalations: return d("Escalations", .count, .sum(.escalations), "escalations (automatic at an SLA lapse, or by hand)", "governance events")
        case .overrideGPUHours: return d("Override GPU-hours granted", .gpuHours, .sum(.overrideGPUHoursGranted), "Σ GPUs × hours of requests approved", "governance events")
        default: return ofReview(m)
        }
    }

    /// The definitions of the numbers a review derives beyond a rollup's own: coverage, targets and forecasts.
    private static func ofReview(_ m: KPIMetric) -> KPIDefinition {
        func d(_ title: String, _ unit: KPIUnit, _ f: KPIFormula, _ text: String, _ source: String) -> KPIDefinition {
            KPIDefinition(metric: m, title: title, unit: unit, formula: f, formulaText: text, source: source)
        }
        let policy = "the store's current policy (quota and budget history is not kept: a past period is judged by today's targets)"
        switch m {
        case .coveredHours: return d("Hours with history", .hours, .sum(.coveredHours), "Σ hours the writer sampled (or the simulator backfilled) in the period",
                                     "the writer's KPI history; \(minute)")
        case .downShare: return d("Down share", .ratio, .ratioOfSums([.downGPUHours, .plannedDownGPUHours], over: .totalGPUHours),
                                  "(down + planned down GPU-hours) / GPU-hours in the fleet", "as Down, Planned down and GPU-hours in the fleet")
        case .quotaGPUHours: return d("Quota GPU-hours", .gpuHours, .target(.quotaGPUHours), "nominal quota GPUs × hours of the period; departments: Σ of their teams", policy)
        case .quotaBurn: return d("Quota burn", .ratio, .ofTarget(.allocatedGPUHours, .quotaGPUHours), "allocated GPU-hours / quota GPU-hours (over 1: borrowing)",
                                  "the reducer's accrual of GPUs held × time; \(policy)")
        case .budget: return d("Budget", .dollars, .target(.budgetDollars), "monthly budget × the period's share of each month it spans; departments: Σ of their teams", policy)
        case .budgetBurn: return d("Budget burn", .ratio, .ofTarget(.costDollars, .budgetDollars), "cost / budget for the period (over 1: over budget)",
                                   "the reducer's accrual of GPUs' price × time; \(policy)")
        case .demandGPUs: return d("Demand (mean GPUs)", .gpus, .ratioOfSums([.allocatedGPUHours, .pendingGPUHours], over: .coveredHours),
                                   "(allocated + pending GPU-hours) / hours sampled", "allocation and job lists; \(minute)")
        case .capacityGPUs: return d("Capacity (mean GPUs)", .gpus, .ratio(.capacityGPUHours, over: .coveredHours), "capacity GPU-hours / hours sampled", "node state and GPU health; \(minute)")
        case .demandGrowth: return d("Demand growth", .gpusPerDay, .dailyTrend, "least-squares slope of the daily mean demand over the period's days with history (7 at least)",
                                     "as Demand")
        case .shortfallDays: return d("Days to first shortfall", .days, .dailyTrend,
                                      "days after the period's last day until the demand trend line reaches the last day's capacity (within 365 days; 0: already short)",
                                      "as Demand and Capacity")
        default: return of(m)  // the rollup's own metrics
        }
    }
}

/// The overview KPIs of PRODUCT.md, derived from state. Optionals are nil where the data is missing.
public struct FleetKPIs: Sendable, Hashable {
    public var totalGPUs = 0
    /// Healthy, schedulable GPUs: on nodes that are up, and not failing.
    public var capacity = 0
    /// Allocated GPUs among the capacity.
    public var allocated = 0
    /// Whether any source says which GPUs are allocated; when false `allocated` is 0 only for want of data.
    public var allocationKnown = true
    /// allocated / capacity; nil when there is no capacity or allocation is unknown.
    public var allocation: Double?
    /// Mean utilisation (0–1) over allocated GPUs with fresh telemetry; nil without telemetry.
    public var busy: Double?
    /// Allocated GPUs that had fresh telemetry (coverage of `busy`).
    public var busySampledGPUs = 0
    /// Σ utilisation over capacity / capacity (0–1); nil without telemetry.
    public var effectiveUtilization: Double?
    /// Allocated GPUs under the idle threshold for the whole idle window; nil without telemetry.
    public var idleAllocated: Int?
    public var idleAllocatedCostPerHour: Double?
    /// Σ price of every paid GPU-hour now; nil when no GPU has a price.
    public var costPerHour: Double?
    /// Idle allocated + paid unallocated, $/h.
    public var idleCostPerHour: Double?
    public var unallocatedCostPerHour: Double?
    /// GPUs whose model/purchase/region has no price in the policy.
    public var unpricedGPUs = 0
    public var pendingJobs = 0
    public var pendingGPUs = 0
    public var runningJobs = 0
    public var oldestPendingWait: Double?
    public var classes: [ClassQueueKPI] = []
    public var pools: [PoolKPI] = []
    public var alerts: [FleetAlert] = []
    /// Each team's quotas per pool/model, grant burn and fair share, in org order.
    public var teamStandings: [TeamStanding] = []
    /// Override requests awaiting a decision.
    public var pendingApprovals = 0
    /// Of those, past their decision SLA (needs the wall clock).
    public var overdueApprovals = 0

    /// Open alerts by severity.
    public var criticalAlerts: Int { alerts.filter { $0.severity == .critical }.count }

    /// The per-minute sample kept for sparklines.
    public func sample(minute: Int) -> KPISample {
        KPISample(minute: minute, capacity: Double(capacity), allocation: allocation, busy: busy,
                  effectiveUtilization: effectiveUtilization, pendingJobs: Double(pendingJobs),
                  pendingGPUs: Double(pendingGPUs), oldestPendingWait: oldestPendingWait,
                  idleAllocated: idleAllocated.map(Double.init), costPerHour: costPerHour,
                  idleCostPerHour: idleCostPerHour, openAlerts: Double(alerts.count))
    }
}

/// Queue KPIs of one priority class.
public struct ClassQueueKPI: Sendable, Hashable {
    public var name: String
    public var pendingJobs = 0
    public var pendingGPUs = 0
    public var runningJobs = 0
    public var oldestPendingWait: Double?
    public var waitP50: Double?
    public var waitP95: Double?
    public var slaSeconds: Double
    /// Share of jobs started in the window within the SLA; nil when none started.
    public var slaAttainment: Double?
    public var startedInWindow = 0

    /// The class is breaching its SLA: p95 or the oldest pending wait is over it.
    /// A row for jobs of no known priority class (labelled by their scheduler QOS); it has no SLA.
    public var isUnmapped: Bool { !slaSeconds.isFinite }

    public var breachesSLA: Bool {
        (waitP95 ?? 0) > slaSeconds || (oldestPendingWait ?? 0) > slaSeconds
    }
}

/// Capacity and use of one pool.
public struct PoolKPI: Sendable, Hashable {
    public var name: String
    public var purchase: PurchaseOption
    public var totalGPUs = 0
    public var capacity = 0
    public var allocated = 0
    public var busy: Double?
    public var costPerHour = 0.0
}

/// The whole live picture of the fleet, built only by applying events (see `apply(_:)`).
public struct FleetState: Codable, Sendable {
    public internal(set) var fleet = FleetSpec(name: "", clusters: [], pools: [], models: [], nodes: [])
    public internal(set) var org = OrgSpec(name: "", departments: [], teams: [])
    public internal(set) var policy: PolicySpec?
    /// Fleet clock: time of the newest event, in seconds since the Unix epoch.
    public internal(set) var now: Double = 0
    /// Incremented by every applied event; derived views cache on it.
    public internal(set) var version: UInt64 = 0

    public internal(set) var nodes: [Node] = []
    public internal(set) var gpus = GPUTable()
    public internal(set) var history = GPUHistory(gpuCount: 0)
    /// The most recent XID errors across the fleet, oldest first: at least the last `recentXIDLimit` (when there were
    /// that many), at most twice as many.
    public internal(set) var recentXIDs: [XIDRecord] = []
    public static let recentXIDLimit = 500

    /// Live (pending and running) jobs in slots; `nil` slots are free for reuse.
    public internal(set) var jobSlots: [Job?] = []
    var freeJobSlots: [Int32] = []
    var jobSlotByID: [String: Int32] = [:]
    /// The most recent finished jobs, oldest first, at most `finishedJobLimit`.
    public internal(set) var finishedJobs: [Job] = []
    public static let finishedJobLimit = 500

    /// Queue-wait records of started jobs per priority class, oldest first, pruned to the policy's window.
    public internal(set) var waitRecords: [[WaitRecord]] = []
    /// Waits and depth history per queue; nil until the first job starts or minute passes (and in older stores).
    public internal(set) var queues: QueueRecords?
    /// Queue quotas (Kueue ClusterQueues and Cohorts); nil when no feed reports any.
    public internal(set) var queueQuotas: [QueueQuota]?
    /// Hourly demand per pool and team with their forecasts; nil before the first fleet hour passes.
    public internal(set) var demand: DemandHistory?
    /// Cost history by day, team, project, pool, model and purchase option (jobs that ended); nil before the first.
    public internal(set) var costLedger: CostLedger?
    /// Association and QOS GPU limits (Slurm); nil when no feed reports any.
    public internal(set) var schedulerLimits: [SchedulerLimit]?
    /// The scheduler's fair-share tree (Slurm sshare); nil when no feed reports one.
    public internal(set) var fairShare: [FairShareRecord]?
    /// Inference services by name, from request counters; nil until a feed reports one.
    public internal(set) var inference: [String: InferenceService]?
    /// Override requests and decisions; nil until the first request.
    public internal(set) var governance: GovernanceState?
    /// While a batch is applied: minutes at or before this are not sampled into the one-hour histories.
    var sampleFloorMinute: Int?
    public internal(set) var teamUsage: [TeamUsage] = []
    /// GPUs running jobs hold per team, pool and model, kept as jobs start and end (nil in older stores until the
    /// first job event or definition counts them).
    public internal(set) var teamHoldings: TeamHoldings?
    /// The running jobs' GPUs grouped as cost ledger lines, with their time this month, kept as jobs start and end (nil
    /// in older stores until the first job event counts them).
    public internal(set) var runningCosts: RunningCostSums?
    /// The live jobs' state, class, submit time, GPUs and scheduler priority as flat arrays by slot, kept as jobs change
    /// (nil in older stores until the first job event takes them).
    public internal(set) var jobColumns: JobColumns?
    /// GPUs by telemetry owner, kept as owners change (nil in older stores until the fleet is defined again).
    public internal(set) var gpuOwners: GPUOwnerIndex?
    public internal(set) var jobTotals = JobTotals()

    public internal(set) var feeds: [FeedRecord] = []
    /// Bad input found in events since the last feed status, which counts it as that feed's problems.
    public internal(set) var unreportedInputProblems: InputProblems?
    /// One sample per fleet-clock minute of the overview KPIs, the last hour.
    public internal(set) var kpiHistory = KPIHistory()

    var teamIndexByName: [String: Int32] = [:]
    var classIndexByName: [String: Int32] = [:]
    /// Price per GPU-hour of each GPU, from its model, pool purchase option and region.
    public internal(set) var gpuPrice: [Double] = []

    /// An empty fleet.
    public init() {}

    /// The live job with this id, if any.
    public func job(id: String) -> Job? {
        jobSlotByID[id].flatMap { jobSlots[Int($0)] }
    }

    /// Index of a team by name.
    public func teamIndex(named name: String) -> Int? { teamIndexByName[name].map(Int.init) }

    /// Index of a priority class by name.
    public func classIndex(named name: String) -> Int? { classIndexByName[name].map(Int.init) }

    /// The priority classes of the policy, or none before a policy arrived.
    public var priorityClasses: [PriorityClass] { policy?.priorityClasses ?? [] }
}

/// When a job started and how long it had waited.
public struct WaitRecord: Codable, Sendable, Hashable {
    public var startedAt: Double
    public var waitSeconds: Double
}

/// Per-team running totals kept by the reducer.
public struct TeamUsage: Codable, Sendable, Hashable {
    public var allocatedGPUs = 0
    public var runningJobs = 0
    public var pendingJobs = 0
    public var pendingGPUs = 0
    /// Price of the GPUs the team holds now, $/h.
    public var costPerHour = 0.0
    /// Cost accrued since the start of the current calendar month (UTC).
    public var monthToDateCost = 0.0
    public var monthToDateGPUHours = 0.0
    /// Start of the month the month-to-date figures belong to.
    public var monthStart = 0.0
    /// Fleet time up to which the month-to-date figures are accrued.
    public var accruedUntil = 0.0
    /// Fleet time the team's costs began to be counted (nil in older stores): month to date covers no earlier.
    public var countedSince: Double?
    /// GPU-hours and cost accrued since the store began (nil in older stores until the first accrual), never reset:
    /// KPI rollups take their hourly differences.
    public var totalGPUHours: Double?
    public var totalCost: Double?

    /// A team with no usage.
    public init() {}
}

/// Fleet-wide job counters since the store began.
public struct JobTotals: Codable, Sendable, Hashable {
    public var submitted = 0
    public var started = 0
    public var completed = 0
    public var failed = 0
    public var preempted = 0
    public var cancelled = 0
}

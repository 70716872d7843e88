/// A team's GPU quota in one pool and/or model, with Kueue semantics.
public struct TeamQuota: Codable, Sendable, Hashable {
    public var team: String
    /// Pool name, or nil for every pool.
    public var pool: String?
    /// GPU model, or nil for any.
    public var model: String?
    /// Guaranteed GPUs.
    public var nominal: Int
    /// GPUs it may borrow beyond nominal from its cohort; nil = no limit.
    public var borrowingLimit: Int?
    /// GPUs of its nominal quota it may lend to the cohort; nil = all.
    public var lendingLimit: Int?
    /// The cohort it borrows within and lends to.
    public var cohort: String?
    public init(team: String, pool: String?, model: String?, nominal: Int, borrowingLimit: Int?, lendingLimit: Int?, cohort: String?) {
        self.team = team
        self.pool = pool
        self.model = model
        self.nominal = nominal
        self.borrowingLimit = borrowingLimit
        self.lendingLimit = lendingLimit
        self.cohort = cohort
    }
}

/// GPU-hours granted to a team per period.
public struct GPUHourGrant: Codable, Sendable, Hashable {
    public enum Period: String, Codable, Sendable, CaseIterable { case month, quarter, year }
    public var team: String
    public var period: Period
    public var gpuHours: Double
    public init(team: String, period: Period, gpuHours: Double) {
        self.team = team
        self.period = period
        self.gpuHours = gpuHours
    }
}

/// When budget use raises a warning and when non-critical work is throttled (fractions of the monthly budget).
public struct BudgetThresholds: Codable, Sendable, Hashable {
    public var warnAt: Double
    public var throttleAt: Double
    public init(warnAt: Double = 0.8, throttleAt: Double = 1.0) {
        self.warnAt = warnAt
        self.throttleAt = throttleAt
    }
}

/// A role whose members may approve the listed kinds of request (used by governance).
public struct PolicyRole: Codable, Sendable, Hashable {
    public var name: String
    public var members: [String]
    public var approves: [String]
    public init(name: String, members: [String], approves: [String]) {
        self.name = name
        self.members = members
        self.approves = approves
    }
}

/// Everything a policy file says beyond classes, prices and thresholds; nil members were not given.
public struct PolicyRules: Codable, Sendable, Hashable {
    public var quotas: [TeamQuota] = []
    public var grants: [GPUHourGrant] = []
    public var fairShareWeights: [String: Double] = [:]
    /// Budget thresholds per team; `defaultBudgetThresholds` for the others.
    public var budgetThresholds: [String: BudgetThresholds] = [:]
    public var defaultBudgetThresholds = BudgetThresholds()
    /// Priority class of each scheduler name: `qos:high`, `kueue:prod`, `trace:LS`.
    public var classOfSchedulerName: [String: String] = [:]
    /// Tags every job and resource must carry (e.g. project, cost-center).
    public var requiredTags: [String] = []
    public var roles: [PolicyRole] = []
    /// Approval thresholds, SLAs, escalation ladder, execution; nil = defaults.
    public var governance: GovernanceRules?
    /// Term of committed prices, in months, keyed like the price table (`model|purchase|region`).
    public var commitmentTermMonths: [String: Int] = [:]
    public init() {}
}

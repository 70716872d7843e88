/// A department groups teams and carries a cost center.
public struct Department: Codable, Sendable, Hashable {
    public var name: String
    public var costCenter: String
    public init(name: String, costCenter: String) {
        self.name = name
        self.costCenter = costCenter
    }
}

/// A team: the unit that holds quota and budget.
public struct Team: Codable, Sendable, Hashable {
    public var name: String
    public var department: Int
    public var costCenter: String
    /// Guaranteed GPUs (Kueue nominal quota), summed over pools.
    public var quotaGPUs: Int
    /// Extra GPUs the team may borrow from its cohort when idle.
    public var borrowingLimitGPUs: Int
    /// Monthly budget in dollars.
    public var monthlyBudget: Double
    public var projects: [String]
    /// False for a team a scheduler feed revealed without any quota or budget configured; nil (older stores) is true.
    public var limitsSet: Bool?
    /// OS users who may file requests for the team (policy `members:`); nil = none named.
    public var members: [String]?
    /// Whether quota and budget are configured figures rather than unknown.
    public var hasLimits: Bool { limitsSet ?? true }
    public init(name: String, department: Int, costCenter: String, quotaGPUs: Int, borrowingLimitGPUs: Int,
                monthlyBudget: Double, projects: [String], limitsSet: Bool? = nil) {
        self.limitsSet = limitsSet
        self.name = name
        self.department = department
        self.costCenter = costCenter
        self.quotaGPUs = quotaGPUs
        self.borrowingLimitGPUs = borrowingLimitGPUs
        self.monthlyBudget = monthlyBudget
        self.projects = projects
    }
}

/// The organisation tree: organisation → departments → teams → projects.
public struct OrgSpec: Codable, Sendable, Hashable {
    public var name: String
    public var departments: [Department]
    public var teams: [Team]
    public init(name: String, departments: [Department], teams: [Team]) {
        self.name = name
        self.departments = departments
        self.teams = teams
    }
}

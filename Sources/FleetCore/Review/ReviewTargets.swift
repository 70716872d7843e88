/// A team's targets for a review: its department, nominal quota and monthly budget (nil where the policy sets none).
public struct ReviewTeamTarget: Codable, Sendable, Hashable {
    public var name: String
    public var department: String?
    public var quotaGPUs: Double?
    public var monthlyBudget: Double?
    /// A team's targets.
    public init(name: String, department: String?, quotaGPUs: Double?, monthlyBudget: Double?) {
        self.name = name
        self.department = department
        self.quotaGPUs = quotaGPUs
        self.monthlyBudget = monthlyBudget
    }
}

/// What a review judges a period against: the teams' quotas and budgets, and the board's thresholds for exceptions.
public struct ReviewTargets: Sendable, Hashable {
    public var teams: [ReviewTeamTarget] {
        didSet { members = Self.members(of: teams) }
    }
    /// Where each team's and department's targets are in `teams`: a pack asks for them per row, 500 teams a section.
    private var members: [RollupScope: [Int]]
    /// The share of jobs a priority class should start within its SLA (below: an exception).
    public var slaAttainment: Double
    /// The share of a pool's GPU-hours it may spend down or drained (above: an exception).
    public var maxDownShare: Double

    /// Targets as given.
    public init(teams: [ReviewTeamTarget], slaAttainment: Double = 0.95, maxDownShare: Double = 0.05) {
        self.teams = teams
        members = Self.members(of: teams)
        self.slaAttainment = slaAttainment
        self.maxDownShare = maxDownShare
    }

    /// The org's teams from `state`; a team without limits (revealed by a feed, not in the policy) has none.
    public init(state s: FleetState, slaAttainment: Double = 0.95, maxDownShare: Double = 0.05) {
        self.init(teams: ReviewContext(state: s).teams, slaAttainment: slaAttainment, maxDownShare: maxDownShare)
    }

    /// `target` of `scope` over `period`: a team's own, a department's the sum over its teams with one; nil otherwise.
    public func value(_ target: ReviewTarget, _ scope: RollupScope, over period: ReviewPeriod) -> Double? {
        guard let members = members[scope] else { return nil }
        let values: [Double] = members.map { teams[$0] }.compactMap { t in
            switch target {
            case .quotaGPUHours: return t.quotaGPUs.map { $0 * period.hours }
            case .budgetDollars: return t.monthlyBudget.map { $0 * Self.monthShare(period) }
            }
        }
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    /// Equal when the teams' targets and the thresholds are (the index follows the teams).
    public static func == (a: Self, b: Self) -> Bool {
        a.teams == b.teams && a.slaAttainment == b.slaAttainment && a.maxDownShare == b.maxDownShare
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(teams)
        hasher.combine(slaAttainment)
        hasher.combine(maxDownShare)
    }

    /// Indices into `teams` of each team's and each department's targets.
    private static func members(of teams: [ReviewTeamTarget]) -> [RollupScope: [Int]] {
        var out: [RollupScope: [Int]] = [:]
        for (i, t) in teams.enumerated() {
            out[RollupScope(.team, t.name), default: []].append(i)
            if let d = t.department { out[RollupScope(.department, d), default: []].append(i) }
        }
        return out
    }

    /// How many months the period is worth: Σ over the months it touches of the share of each month inside it.
    static func monthShare(_ p: ReviewPeriod) -> Double {
        var share = 0.0
        var month = Int(UTCCalendar.monthStart(containing: Double(p.start)))
        while month < p.end {
            let next = Int(UTCCalendar.nextMonthStart(after: Double(month)))
            let inside = min(next, p.end) - max(month, p.start)
            share += Double(max(0, inside)) / Double(next - month)
            month = next
        }
        return share
    }
}

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
    public var teams: [ReviewTeamTarget]
    /// The share of jobs a priority class should start within its SLA (below: an exception).
    public var slaAttainment: Double
    /// The share of a pool's GPU-hours it may spend down or drained (above: an exception).
    public var maxDownShare: Double

    /// Targets as given.
    public init(teams: [ReviewTeamTarget], slaAttainment: Double = 0.95, maxDownShare: Double = 0.05) {
        self.teams = teams
        self.slaAttainment = slaAttainment
        self.maxDownShare = maxDownShare
    }

    /// The org's teams from `state`; a team without limits (revealed by a feed, not in the policy) has none.
    public init(state s: FleetState, slaAttainment: Double = 0.95, maxDownShare: Double = 0.05) {
        self.init(teams: ReviewContext(state: s).teams, slaAttainment: slaAttainment, maxDownShare: maxDownShare)
    }

    /// `target` of `scope` over `period`: a team's own, a department's the sum over its teams with one; nil otherwise.
    public func value(_ target: ReviewTarget, _ scope: RollupScope, over period: ReviewPeriod) -> Double? {
        let members: [ReviewTeamTarget]
        switch scope.kind {
        case .team: members = teams.filter { $0.name == scope.name }
        case .department: members = teams.filter { $0.department == scope.name }
        case .fleet, .cluster, .pool, .priorityClass: return nil
        }
        let values: [Double] = members.compactMap { t in
            switch target {
            case .quotaGPUHours: return t.quotaGPUs.map { $0 * period.hours }
            case .budgetDollars: return t.monthlyBudget.map { $0 * Self.monthShare(period) }
            }
        }
        return values.isEmpty ? nil : values.reduce(0, +)
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

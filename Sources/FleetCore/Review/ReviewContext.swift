/// What a review needs of the fleet besides its KPI history: the fleet time and each team's department, quota and
/// budget. The writer stores it with the rollups, so a report reads it instead of loading the whole state.
public struct ReviewContext: Codable, Sendable, Hashable {
    /// Fleet time it was taken at (a `last-Nd` period ends at this hour).
    public var now: Double
    public var teams: [ReviewTeamTarget]

    /// A context as given.
    public init(now: Double, teams: [ReviewTeamTarget]) {
        self.now = now
        self.teams = teams
    }

    /// The org's teams from `state`; a team without limits (revealed by a feed, not in the policy) has none.
    public init(state s: FleetState) {
        let teams = s.org.teams.map { t in
            let department = t.department >= 0 && t.department < s.org.departments.count ? s.org.departments[t.department].name : nil
            return ReviewTeamTarget(name: t.name, department: department, quotaGPUs: t.hasLimits ? Double(t.quotaGPUs) : nil,
                                    monthlyBudget: t.hasLimits && t.monthlyBudget > 0 ? t.monthlyBudget : nil)
        }
        self.init(now: s.now, teams: teams)
    }
}

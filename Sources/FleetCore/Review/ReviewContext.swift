/// What a review needs of the fleet besides its KPI history: the fleet time, each team's department, quota and
/// budget, and the board's decision log. The writer stores it with the rollups, so a report reads it instead of
/// loading the whole state.
public struct ReviewContext: Codable, Sendable, Hashable {
    /// Fleet time it was taken at (a `last-Nd` period ends at this hour).
    public var now: Double
    public var teams: [ReviewTeamTarget]
    /// Every decision and action item the governance state keeps, oldest first.
    public var decisions: [ReviewDecision]

    /// A context as given.
    public init(now: Double, teams: [ReviewTeamTarget], decisions: [ReviewDecision] = []) {
        self.now = now
        self.teams = teams
        self.decisions = decisions
    }

    private enum CodingKeys: String, CodingKey { case now, teams, decisions }

    /// Decodes a stored context; one stored before the decision log has none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        now = try c.decode(Double.self, forKey: .now)
        teams = try c.decode([ReviewTeamTarget].self, forKey: .teams)
        decisions = try c.decodeIfPresent([ReviewDecision].self, forKey: .decisions) ?? []
    }

    /// The org's teams from `state`; a team without limits (revealed by a feed, not in the policy) has none.
    public init(state s: FleetState) {
        let teams = s.org.teams.map { t in
            let department = t.department >= 0 && t.department < s.org.departments.count ? s.org.departments[t.department].name : nil
            return ReviewTeamTarget(name: t.name, department: department, quotaGPUs: t.hasLimits ? Double(t.quotaGPUs) : nil,
                                    monthlyBudget: t.hasLimits && t.monthlyBudget > 0 ? t.monthlyBudget : nil)
        }
        self.init(now: s.now, teams: teams, decisions: s.governance?.reviewDecisions ?? [])
    }
}

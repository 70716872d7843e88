/// Where a team's GPU use stands against its quota, worst last. Judged here once, for `:teams` and the overview alike.
public enum QuotaPosition: String, Sendable, Hashable, Comparable, CaseIterable {
    /// The team has no quota or budget set.
    case unlimited
    /// At or under its quota.
    case within
    /// Over its nominal quota, within what it may borrow.
    case borrowing
    /// Past its quota plus what it may borrow (per-pool quotas: past any of them).
    case over

    public static func < (a: QuotaPosition, b: QuotaPosition) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

extension FleetState {
    /// Where team `index` stands against its quota: its policy quotas per pool/model when it has any (`standing`, from
    /// the KPIs), else the org's team quota and borrowing limit; `.unlimited` for an unknown index.
    public func quotaPosition(team index: Int, standing: TeamStanding?) -> QuotaPosition {
        guard index >= 0, index < org.teams.count, org.teams[index].hasLimits else { return .unlimited }
        if let quotas = standing?.quotas, !quotas.isEmpty {
            if quotas.contains(where: \.overLimit) { return .over }
            return quotas.contains { $0.borrowed > 0 } ? .borrowing : .within
        }
        let team = org.teams[index], held = index < teamUsage.count ? teamUsage[index].allocatedGPUs : 0
        if held > team.quotaGPUs + team.borrowingLimitGPUs { return .over }
        return held > team.quotaGPUs ? .borrowing : .within
    }
}

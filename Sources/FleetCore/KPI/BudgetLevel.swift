/// A team's position against its monthly budget, worst last. Judged here once, from the policy's thresholds, for the
/// alerts, the teams pane and the overview alike.
public enum BudgetLevel: String, Sendable, Hashable, Comparable, CaseIterable {
    /// Under the warn threshold.
    case ok
    /// At or past the policy's warn threshold.
    case warn
    /// At or past the throttle threshold: preemptible work should be held.
    case throttle
    /// Month to date is past the budget itself.
    case over

    /// The level of spending `used` (month to date ÷ budget) under `thresholds`.
    public static func of(used: Double, thresholds: BudgetThresholds) -> BudgetLevel {
        if used > 1 { return .over }
        if used >= thresholds.throttleAt { return .throttle }
        return used >= thresholds.warnAt ? .warn : .ok
    }

    public static func < (a: BudgetLevel, b: BudgetLevel) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

extension FleetState {
    /// The budget thresholds the policy sets for `team`, else its defaults.
    public func budgetThresholds(for team: String) -> BudgetThresholds {
        policy?.rules?.budgetThresholds[team] ?? policy?.rules?.defaultBudgetThresholds ?? BudgetThresholds()
    }

    /// Projected month-end spend of team `index`: month to date plus today's $/h for the rest of the month.
    public func projectedMonthEnd(team index: Int) -> Double? {
        guard index >= 0, index < teamUsage.count else { return nil }
        let u = teamUsage[index]
        let monthStart = u.monthStart > 0 ? u.monthStart : UTCCalendar.monthStart(containing: now)
        let remaining = max(0, UTCCalendar.nextMonthStart(after: monthStart) - now)
        return u.monthToDateCost + u.costPerHour * remaining / 3600
    }

    /// The hours of the month a projection needs behind it to read as a trend (a day: one daily cycle of work); on
    /// fewer, a month-end projection is the current run rate carried forward, beside a month to date of a few hours.
    public static let projectionTrendHours = 24.0

    /// The hours of the month team `index`'s month to date covers, where they are fewer than `projectionTrendHours`
    /// (its projection is a run rate); nil when they are enough, or for an unknown team.
    public func projectionRunRateHours(team index: Int) -> Double? {
        guard index >= 0, index < teamUsage.count else { return nil }
        let monthStart = UTCCalendar.monthStart(containing: now)
        let hours = max(0, now - max(monthStart, teamUsage[index].countedSince ?? monthStart)) / 3600
        return hours < Self.projectionTrendHours ? hours : nil
    }

    /// When team `index`'s month to date begins, where that is after the month's start (costs began to be counted
    /// within the month: a new store, a team added mid-month); nil when it covers the whole month so far, or is unknown.
    public func monthToDateSince(team index: Int) -> Double? {
        guard index >= 0, index < teamUsage.count, let since = teamUsage[index].countedSince else { return nil }
        return since > UTCCalendar.monthStart(containing: now) ? since : nil
    }

    /// When the fleet's month to date begins, where that is after the month's start: the earliest of the teams'
    /// `monthToDateSince`, so nil when any team's covers the whole month so far.
    public var monthToDateSince: Double? {
        var earliest: Double?
        for i in teamUsage.indices {
            guard let since = monthToDateSince(team: i) else { return nil }
            earliest = min(earliest ?? since, since)
        }
        return earliest
    }

    /// Where team `index` stands against its budget; nil when it has no budget.
    public func budgetStatus(team index: Int) -> BudgetStatus? {
        guard index >= 0, index < org.teams.count, let projected = projectedMonthEnd(team: index) else { return nil }
        let team = org.teams[index]
        guard team.hasLimits, team.monthlyBudget > 0 else { return nil }
        let thresholds = budgetThresholds(for: team.name)
        let used = teamUsage[index].monthToDateCost / team.monthlyBudget
        return BudgetStatus(team: team.name, level: .of(used: used, thresholds: thresholds), used: used,
                            projected: projected / team.monthlyBudget, thresholds: thresholds,
                            runRateHours: projectionRunRateHours(team: index))
    }
}

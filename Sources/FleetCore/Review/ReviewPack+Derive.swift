extension ReviewPack {
    /// The metrics of each slide's columns.
    static let columns: [ReviewSectionKind: [KPIMetric]] = [
        .capacity: [.coveredHours, .totalGPUHours, .capacityGPUHours, .allocatedGPUHours, .downGPUHours, .plannedDownGPUHours, .idleGPUHours,
                    .reservedGPUHours, .downShare, .activeGPUHours, .allocation, .busy, .effectiveUtilization],
        .queues: [.jobsStarted, .waitP50, .waitP95, .slaAttainment, .pendingJobs, .pendingGPUs],
        .teams: [.allocatedGPUHours, .quotaGPUHours, .quotaBurn, .borrowedGPUHours, .busy, .pendingGPUs],
        .cost: [.cost, .budget, .budgetBurn, .idleAllocatedGPUHours, .idleAllocatedCost, .unallocatedCost],
        .forecast: [.demandGPUs, .capacityGPUs, .demandGrowth, .shortfallDays],
        .governance: [.requestsFiled, .requestsApproved, .requestsDenied, .requestsLapsed, .decisionP50, .decisionP95, .escalations, .overrideGPUHours],
        .reliability: [.nodeFailures, .xids, .downGPUHours, .preemptions],
    ]
    /// The fleet's daily trend columns.
    static let trendColumns: [KPIMetric] = [.allocatedGPUHours, .idleGPUHours, .downGPUHours, .plannedDownGPUHours, .busy, .effectiveUtilization]

    /// The pack for `period` from `rollups` (hourly or daily, any scopes; those outside the period are ignored),
    /// compared with `compare` when given, judged against `targets`.
    public static func derive(period: ReviewPeriod, rollups: [KPIRollup], compare: (period: ReviewPeriod, rollups: [KPIRollup])? = nil,
                              targets: ReviewTargets) -> ReviewPack {
        let now = ReviewFold(period: period, rollups: rollups, targets: targets)
        let then = compare.map { ReviewFold(period: $0.period, rollups: $0.rollups, targets: targets) }
        func rows(_ kind: ReviewSectionKind, _ scopes: [RollupScope]) -> ReviewSection {
            let metrics = columns[kind] ?? []
            let rows = scopes.map { scope in
                ReviewRow(scope: scope, figures: metrics.map { m in
                    m.definition.applies(to: scope.kind)
                        ? ReviewFigure(m, now.value(m, scope), compare: then?.value(m, scope))
                        : .notApplicable(m)
                })
            }
            return ReviewSection(kind: kind, metrics: metrics, rows: rows)
        }
        let fleet = [RollupScope.fleet]
        let places = now.scopes(.cluster) + now.scopes(.pool)
        let teams = targets.teams.map { RollupScope(.team, $0.name) }
        let knownTeams = Set(teams)
        let allTeams = teams + now.scopes(.team).filter { !knownTeams.contains($0) }
        let departments = Set(targets.teams.compactMap(\.department)).map { RollupScope(.department, $0) }.sorted()
        let governed = (now.scopes(.department) + now.scopes(.team)).filter { now.rollup($0)?[.requestsFiled] != nil }
        let sections = [
            rows(.capacity, fleet + places),
            rows(.queues, fleet + now.scopes(.priorityClass)),
            rows(.teams, allTeams),
            rows(.cost, fleet + departments + allTeams),
            rows(.forecast, fleet),
            rows(.governance, fleet + governed),
            rows(.reliability, fleet + places),
        ]
        let trend = now.days.map { day in
            ReviewTrendDay(start: day.start, figures: trendColumns.map { ReviewFigure($0, $0.definition.value(in: day)) })
        }
        let pack = ReviewPack(period: period, comparePeriod: compare?.period, sections: sections, trend: trend, forecast: now.forecast.outcome,
                              exceptions: [], slaAttainmentTarget: targets.slaAttainment)
        return pack.withExceptions(targets)
    }

    /// The pack with its exceptions: classes under the SLA attainment target, teams and departments over budget,
    /// pools down more than the board allows.
    func withExceptions(_ targets: ReviewTargets) -> ReviewPack {
        var out: [ReviewException] = []
        func check(_ kind: ReviewSectionKind, _ metric: KPIMetric, scopes: Set<RollupScopeKind>, target: Double, _ side: ReviewException.Side) {
            for row in section(kind)?.rows ?? [] where scopes.contains(row.scope.kind) {
                guard let v = row[metric]?.value else { continue }
                if side == .below ? v < target : v > target {
                    out.append(ReviewException(scope: row.scope, metric: metric, value: v, target: target, side: side))
                }
            }
        }
        check(.queues, .slaAttainment, scopes: [.priorityClass], target: targets.slaAttainment, .below)
        check(.cost, .budgetBurn, scopes: [.team, .department], target: 1, .above)
        check(.capacity, .downShare, scopes: [.pool], target: targets.maxDownShare, .above)
        var pack = self
        pack.exceptions = out.sorted { ($0.severity, $1.scope) > ($1.severity, $0.scope) }
        return pack
    }
}

/// A period's rollups folded per scope, its fleet's days and their trend, and the figures of any metric from them;
/// a compared period is folded the same way, so its trends (demand growth, shortfall) have a Δ too.
struct ReviewFold {
    let period: ReviewPeriod
    let targets: ReviewTargets
    private let byScope: [RollupScope: KPIRollup]
    /// The fleet's rollup per UTC day of the period, oldest first.
    let days: [KPIRollup]
    let forecast: ReviewForecast

    init(period: ReviewPeriod, rollups: [KPIRollup], targets: ReviewTargets) {
        self.period = period
        self.targets = targets
        let inPeriod = rollups.filter { $0.start >= period.start && $0.start < period.end }
        byScope = KPIRollup.fold(inPeriod, start: period.start, resolution: .day)
        let fleet = inPeriod.filter { $0.scope == .fleet }
        let byDay = Dictionary(grouping: fleet) { $0.start - (($0.start % 86_400) + 86_400) % 86_400 }
        days = byDay.keys.sorted().compactMap { KPIRollup.fold(byDay[$0] ?? [], start: $0, resolution: .day)[.fleet] }
        forecast = ReviewForecast(days: days)
    }

    func rollup(_ scope: RollupScope) -> KPIRollup? { byScope[scope] }

    /// The scopes of `kind` with history in the period, by name.
    func scopes(_ kind: RollupScopeKind) -> [RollupScope] { byScope.keys.filter { $0.kind == kind }.sorted() }

    /// `m` of `scope` in the period; trends come from this period's own days.
    func value(_ m: KPIMetric, _ scope: RollupScope) -> Double? {
        let definition = m.definition
        switch definition.formula {
        case .sum, .ratio, .percentile, .ratioOfSums:
            return byScope[scope].flatMap(definition.value(in:))
        case .target(let t):
            return targets.value(t, scope, over: period)
        case let .ofTarget(sum, t):
            guard let v = byScope[scope]?[sum], let target = targets.value(t, scope, over: period), target > 0 else { return nil }
            return v / target
        case .dailyTrend:
            guard scope == .fleet else { return nil }
            return m == .demandGrowth ? forecast.slope : forecast.shortfallDays
        }
    }
}

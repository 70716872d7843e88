import Foundation
import FleetCore
import FleetTUI

/// `:teams` — each team's quota and use per pool/model, borrowing and lending, grant burn, fair share, spend and
/// budget, with flags for over-quota and projected overspend.
enum TeamsPane {
    // Flags sit next to the quota figures so they survive narrow terminals; the per-pool breakdown and the
    // department go first when space runs out.
    static let columns = [
        ListColumn("TEAM", .text, width: .flexible(minimum: 10, weight: 1)),
        ListColumn("QUOTA", .number, width: .fixed(5), alignment: .right), ListColumn("USED", .number, width: .fixed(5), alignment: .right),
        ListColumn("USE%", .number, width: .fixed(5), alignment: .right), ListColumn("BORR", .number, width: .fixed(4), alignment: .right),
        ListColumn("BURST", .number, width: .fixed(5), alignment: .right), ListColumn("FLAGS", .text, width: .flexible(minimum: 11, weight: 2)),
        ListColumn("JOBS", .number, width: .fixed(5), alignment: .right),
        ListColumn("$/H", .money, width: .fixed(8), alignment: .right), ListColumn("MTD", .money, width: .fixed(9), alignment: .right),
        ListColumn("BUDGET", .money, width: .fixed(9), alignment: .right), ListColumn("PROJ.", .money, width: .fixed(9), alignment: .right),
        ListColumn("GPU-H%", .number, width: .fixed(6), alignment: .right), ListColumn("RUNS OUT", .time, width: .fixed(11)),
        ListColumn("LEND", .number, width: .fixed(4), alignment: .right), ListColumn("FAIR", .number, width: .fixed(5), alignment: .right),
        ListColumn("DEPT", .text, width: .fixed(9)), ListColumn("USED/QUOTA BY POOL·MODEL", .text, width: .flexible(minimum: 24, weight: 2)),
    ]

    /// The budget flag: the level the policy's thresholds give, else "proj. over" when today's rate overspends.
    static func budgetFlag(_ status: BudgetStatus) -> String? {
        switch status.level {
        case .over: "OVER BUDGET"
        case .throttle: "BUDGET THROTTLE"
        case .warn: "budget warn"
        case .ok: status.projected > 1 ? RunRateMark.marked("proj. over", runRateHours: status.runRateHours) : nil
        }
    }

    /// Short fair-share figure: Slurm LevelFS (∞ without usage) or Kueue weightedShare.
    static func fairShareText(_ f: FairShareFigure?) -> String {
        switch f {
        case .slurm(_, _, let levelFS?): levelFS.isInfinite ? "∞" : Format.number(levelFS, digits: 2)
        case .slurm(let shares, _, nil): shares.map { Format.percent($0, digits: 0) } ?? "—"
        case .kueue(_, let share, _): Format.number(share, digits: 0)
        case nil: "—"
        }
    }

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        // The standings come with the KPIs, which the dashboard derives apart from the state: they are part of the key.
        ctx.rows(.teams, ui: ui, scope: StandingsKey(standings: ctx.kpis.teamStandings), readsWallClock: true) {
            buildRows(ui: ui, ctx: ctx)
        }
    }

    /// The standings as part of a cache key, hashed by their count alone: hashing 500 standings on every lookup cost
    /// more than the frame, while comparing them is immediate when they are the same array (the usual hit).
    private struct StandingsKey: Hashable {
        var standings: [TeamStanding]

        func hash(into h: inout Hasher) { h.combine(standings.count) }
    }

    private static func buildRows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        // Overrides in force, grouped once per frame rather than filtered per team.
        let inForce = overridesInForce(ctx)
        let all = ctx.state.org.teams.indices.map { row($0, ctx, inForce: inForce) }
        return ListSort.apply(ui.sort[.teams], to: Rows.filter(all, by: ui.filters[.teams], text: \.searchText), columns: columns)
    }

    /// The overrides in force now, by team.
    private static func overridesInForce(_ ctx: FrameContext) -> [String: [OverrideRequest]] {
        Dictionary(grouping: ctx.state.governance?.inEffect(at: ctx.wallNow) ?? [], by: \.team)
    }

    /// The rows without sort or filter: the teams in org order, cells built only for the rows drawn (500 teams' cells
    /// cost more than the frame). Nil when the user sorted or filtered (every row's cells are needed then).
    static func lazyRows(ui: UIState, ctx: FrameContext) -> LazyRows? {
        guard ui.sort[.teams] == nil, ui.filters[.teams].map({ $0.isEmpty || $0 == "!" }) ?? true else { return nil }
        let ids = ctx.cached(NamesKey()) { ctx.state.org.teams.map(\.name) }
        let inForce = ctx.cached(InForceKey(wallNow: ctx.wallNow)) { overridesInForce(ctx) }
        return LazyRows(ids: ids) { row($0, ctx, inForce: inForce).cells }
    }

    /// The cache keys of the teams' names and of the overrides in force at a wall-clock time.
    private struct NamesKey: Hashable {}
    private struct InForceKey: Hashable {
        var wallNow: Double
    }

    /// Team `i`'s row.
    private static func row(_ i: Int, _ ctx: FrameContext, inForce: [String: [OverrideRequest]]) -> ListRow {
        let s = ctx.state, team = s.org.teams[i]
        let standings = ctx.kpis.teamStandings
        let overrides = inForce[team.name] ?? []
        let u = i < s.teamUsage.count ? s.teamUsage[i] : TeamUsage()
        let standing = i < standings.count ? standings[i] : TeamStanding(team: team.name)
        let projected = s.projectedMonthEnd(team: i) ?? 0
        let budget = s.budgetStatus(team: i)
        let borrowed = standing.quotas.isEmpty ? max(0, u.allocatedGPUs - team.quotaGPUs) : standing.quotas.reduce(0) { $0 + $1.borrowed }
        // GPUs in pools no quota covers (e.g. cloud burst, spot) are paid per use, not borrowed.
        let outside = standing.quotas.isEmpty ? nil : u.allocatedGPUs - standing.quotas.reduce(0) { $0 + $1.using }
        var flags: [String] = []
        let position = s.quotaPosition(team: i, standing: standing)
        if !team.hasLimits {
            flags.append("no quota/budget set")
        } else {
            if let flag = budget.flatMap(budgetFlag) { flags.append(flag) }
            if let flag = position.flagText { flags.append(flag) }
            if standing.grant?.exhausted == true { flags.append("grant used up") }
            for r in overrides {
                flags.append("\(r.id) \(r.kind.rawValue)\(r.gpus.map { " +\($0)" } ?? "") until \(Format.clock(r.windowEnd).prefix(5))")
            }
        }
        let extra = TeamStanding.extraGPUs(of: overrides)
        let quota = team.quotaGPUs + extra
        let use = team.hasLimits && quota > 0 ? Double(u.allocatedGPUs) / Double(quota) : nil
        let dept = team.department < s.org.departments.count ? s.org.departments[team.department].name : ""
        let critical = (budget?.level ?? .ok) >= .throttle || position.isOverLimit
        let flagRole: Role = !team.hasLimits ? .muted : critical ? .critical : flags.isEmpty ? .ok : .warn
        let quotaCell = team.hasLimits ? (extra > 0 ? "\(quota)*" : String(quota)) : "—"
        let lendable = standing.quotas.reduce(0) { $0 + $1.lendable }
        let flagText = flags.isEmpty ? "ok" : flags.joined(separator: ", ")
        // A count that is "—" where the team has no limits (or no per-pool quotas).
        let number = { (v: Int?, role: Role?) in ListField(TableCell(v.map(String.init) ?? "—", role: role), .number(ifKnown: v.map(Double.init))) }
        return ListRow(id: team.name, [
            .text(team.name),
            ListField(TableCell(quotaCell, role: extra > 0 ? .warn : nil), .number(ifKnown: team.hasLimits ? Double(quota) : nil)),
            .count(u.allocatedGPUs),
            .percent(use, digits: 0, role: (use ?? 0) > 1 ? .warn : nil),
            number(team.hasLimits ? borrowed : nil, borrowed > 0 ? .warn : nil),
            number(outside, nil),
            ListField(TableCell(flagText, role: flagRole), .text(flagText)),
            // Sorted by running jobs, the first figure.
            ListField(TableCell("\(u.runningJobs)/\(u.pendingJobs)"), .number(Double(u.runningJobs))),
            .money(u.costPerHour), .money(u.monthToDateCost),
            team.hasLimits ? .money(team.monthlyBudget) : .money(nil),
            ListField(TableCell(RunRateMark.marked(Format.money(projected), runRateHours: s.projectionRunRateHours(team: i)),
                                role: team.hasLimits && projected > team.monthlyBudget ? .warn : nil), .money(projected)),
            .percent(standing.grant?.fraction, digits: 0,
                     role: standing.grant.map { $0.exhausted ? .critical : $0.fraction > 0.8 ? .warn : nil } ?? nil),
            ListField(TableCell(runsOut(standing.grant), role: standing.grant?.exhaustsAt != nil ? .warn : nil),
                      runsOutKey(standing.grant, now: s.now)),
            number(standing.quotas.isEmpty ? nil : lendable, nil),
            ListField(TableCell(fairShareText(standing.fairShare)), fairShareKey(standing.fairShare)),
            .text(dept, missing: ""),
            .text(standing.quotas.isEmpty ? nil : standing.quotas.map(quotaText).joined(separator: " ")),
        ])
    }

    /// When the monthly grant runs out at today's burn: a date, "used up", "lasts month", or "—" without a grant.
    static func runsOut(_ grant: GrantStanding?) -> String {
        guard let grant else { return "—" }
        if grant.exhausted { return "used up" }
        guard let at = grant.exhaustsAt else { return "lasts month" }
        return String(Format.fleetClock(at).dropFirst(9))
    }

    /// When the grant runs out, for sorting: now when used up, never (infinity) when it lasts the month.
    static func runsOutKey(_ grant: GrantStanding?, now: Double) -> SortKey {
        guard let grant else { return .missing }
        if grant.exhausted { return .time(now) }
        return .time(grant.exhaustsAt ?? .infinity)
    }

    /// The fair-share figure `fairShareText` shows, as a number.
    static func fairShareKey(_ f: FairShareFigure?) -> SortKey {
        switch f {
        case .slurm(_, _, let levelFS?): .number(levelFS)
        case .slurm(let shares, _, nil): .number(ifKnown: shares)
        case .kueue(_, let share, _): .number(share)
        case nil: .missing
        }
    }

    /// "h100-pool·H100 73/50": a quota's pool/model, GPUs used and nominal.
    static func quotaText(_ q: QuotaStanding) -> String {
        let scope = [q.quota.pool, q.quota.model].compactMap { $0 }.map(sanitizeForTerminal).joined(separator: "·")
        return "\(scope.isEmpty ? "all" : scope) \(q.using)/\(q.quota.nominal)"
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let s = ctx.state
        let runRate = RunRateMark.legend(s.teamUsage.indices.map { s.projectionRunRateHours(team: $0) }).map { "PROJ.\($0) · " } ?? ""
        ListPane.draw(title: "TEAMS · \(runRate)quota, grant, budget (BORR borrowed · BURST in pools no quota covers · JOBS run/pend)", columns: columns,
                      rows: lazyRows(ui: ui, ctx: ctx) ?? LazyRows(rows(ui: ui, ctx: ctx)), total: ctx.state.org.teams.count,
                      emptyText: ctx.state.org.teams.isEmpty ? "no org tree: no feed or policy has defined teams yet" : "no teams match",
                      pane: .teams, ui: ui, into: &buffer, in: rect, theme: ctx.theme)
    }
}

extension TeamsPane: PaneDefinition {
    static func ids(ui: UIState, ctx: FrameContext) -> [String] { lazyRows(ui: ui, ctx: ctx)?.ids ?? rows(ui: ui, ctx: ctx).map(\.id) }

    /// The listed teams with quota, spend, budget level and projected month-end.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let s = ctx.state
        let list: [[String: Any]] = TeamsPane.rows(ui: ui, ctx: ctx).compactMap { s.teamIndex(named: $0.id) }.map { i in
            let team = s.org.teams[i]
            let u = i < s.teamUsage.count ? s.teamUsage[i] : TeamUsage()
            let budget = s.budgetStatus(team: i)
            let limited = team.hasLimits
            return [
                "team": team.name, "quota_gpus": limited ? team.quotaGPUs : NSNull(), "used_gpus": u.allocatedGPUs,
                "running_jobs": u.runningJobs, "pending_jobs": u.pendingJobs,
                "cost_per_hour": JSONValue.of(u.costPerHour, JSONNumber.rate),
                "month_to_date": JSONValue.of(u.monthToDateCost, JSONNumber.money),
                "monthly_budget": limited ? JSONValue.of(team.monthlyBudget, JSONNumber.money) : NSNull(),
                "projected_month_end": JSONValue.of(s.projectedMonthEnd(team: i), JSONNumber.money),
                "projection_run_rate_hours": JSONValue.of(s.projectionRunRateHours(team: i), JSONNumber.measured),
                "budget_level": budget?.level.rawValue ?? NSNull(),
                "budget_used": JSONValue.of(budget?.used, JSONNumber.ratio),
                "department": team.department < s.org.departments.count ? s.org.departments[team.department].name : NSNull(),
            ]
        }
        return ["pane": "teams", "teams": list]
    }

    /// The team's detail.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) { ui.overlay = .team(id) }
}

import FleetCore
import FleetTUI

/// `:teams` — each team's quota and use per pool/model, borrowing and lending, grant burn, fair share, spend and
/// budget, with flags for over-quota and projected overspend.
enum TeamsPane {
    // Flags sit next to the quota figures so they survive narrow terminals; the per-pool breakdown and the
    // department go first when space runs out.
    static let columns = [
        TableColumn("TEAM", width: .flexible(minimum: 10, weight: 1)),
        TableColumn("QUOTA", width: .fixed(5), alignment: .right), TableColumn("USED", width: .fixed(5), alignment: .right),
        TableColumn("USE%", width: .fixed(5), alignment: .right), TableColumn("BORR", width: .fixed(4), alignment: .right),
        TableColumn("BURST", width: .fixed(5), alignment: .right),        TableColumn("FLAGS", width: .flexible(minimum: 11, weight: 2)), TableColumn("JOBS", width: .fixed(5), alignment: .right),
        TableColumn("$/H", width: .fixed(8), alignment: .right), TableColumn("MTD", width: .fixed(9), alignment: .right),
        TableColumn("BUDGET", width: .fixed(9), alignment: .right), TableColumn("PROJ.", width: .fixed(9), alignment: .right),
        TableColumn("GPU-H%", width: .fixed(6), alignment: .right), TableColumn("RUNS OUT", width: .fixed(11)),
        TableColumn("LEND", width: .fixed(4), alignment: .right), TableColumn("FAIR", width: .fixed(5), alignment: .right),
        TableColumn("DEPT", width: .fixed(9)), TableColumn("USED/QUOTA BY POOL·MODEL", width: .flexible(minimum: 24, weight: 2)),
    ]

    /// The budget flag: the level the policy's thresholds give, else "proj. over" when today's rate overspends.
    static func budgetFlag(_ status: BudgetStatus) -> String? {
        switch status.level {
        case .over: "OVER BUDGET"
        case .throttle: "BUDGET THROTTLE"
        case .warn: "budget warn"
        case .ok: status.projected > 1 ? "proj. over" : nil
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
        ctx.rows(.teams, ui: ui, scope: ctx.kpis.teamStandings, readsWallClock: true) { buildRows(ui: ui, ctx: ctx) }
    }

    private static func buildRows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        let s = ctx.state
        let standings = ctx.kpis.teamStandings
        // Overrides in force, grouped once per frame rather than filtered per team.
        let inForce = Dictionary(grouping: s.governance?.inEffect(at: ctx.wallNow) ?? [], by: \.team)
        let all = s.org.teams.enumerated().map { i, team -> ListRow in
            let overrides = inForce[team.name] ?? []
            let u = i < s.teamUsage.count ? s.teamUsage[i] : TeamUsage()
            let standing = i < standings.count ? standings[i] : TeamStanding(team: team.name)
            let projected = s.projectedMonthEnd(team: i) ?? 0
            let budget = s.budgetStatus(team: i)
            let borrowed = standing.quotas.isEmpty ? max(0, u.allocatedGPUs - team.quotaGPUs) : standing.quotas.reduce(0) { $0 + $1.borrowed }
            // GPUs in pools no quota covers (e.g. cloud burst, spot) are paid per use, not borrowed.
            let outside = standing.quotas.isEmpty ? nil : u.allocatedGPUs - standing.quotas.reduce(0) { $0 + $1.using }
            var flags: [String] = []
            if !team.hasLimits {
                flags.append("no quota/budget set")
            } else {
                if let flag = budget.flatMap(budgetFlag) { flags.append(flag) }
                if standing.quotas.contains(where: \.overLimit) { flags.append("OVER QUOTA") }
                else if borrowed > 0 { flags.append("borrowing") }
                if standing.grant?.exhausted == true { flags.append("grant used up") }
                for r in overrides {
                    flags.append("\(r.id) \(r.kind.rawValue)\(r.gpus.map { " +\($0)" } ?? "") until \(Format.clock(r.windowEnd).prefix(5))")
                }
            }
            let extra = TeamStanding.extraGPUs(of: overrides)
            let quota = team.quotaGPUs + extra
            let use = team.hasLimits && quota > 0 ? Double(u.allocatedGPUs) / Double(quota) : nil
            let dept = team.department < s.org.departments.count ? s.org.departments[team.department].name : ""
            let critical = (budget?.level ?? .ok) >= .throttle || flags.contains("OVER QUOTA")
            let flagRole: Role = !team.hasLimits ? .muted : critical ? .critical : flags.isEmpty ? .ok : .warn
            let quotaCell = team.hasLimits ? (extra > 0 ? "\(quota)*" : String(quota)) : "—"
            let lendable = standing.quotas.reduce(0) { $0 + $1.lendable }
            return ListRow(id: team.name, cells: [
                TableCell(sanitizeForTerminal(team.name)),
                TableCell(quotaCell, role: extra > 0 ? .warn : nil), TableCell(String(u.allocatedGPUs)),
                TableCell(Format.percent(use, digits: 0), role: (use ?? 0) > 1 ? .warn : nil),
                TableCell(team.hasLimits ? String(borrowed) : "—", role: borrowed > 0 ? .warn : nil),
                TableCell(outside.map(String.init) ?? "—"),
                TableCell(flags.isEmpty ? "ok" : flags.joined(separator: ", "), role: flagRole),
                TableCell("\(u.runningJobs)/\(u.pendingJobs)"),
                TableCell(Format.money(u.costPerHour)), TableCell(Format.money(u.monthToDateCost)),
                TableCell(team.hasLimits ? Format.money(team.monthlyBudget) : "—"),
                TableCell(Format.money(projected), role: team.hasLimits && projected > team.monthlyBudget ? .warn : nil),
                TableCell(standing.grant.map { Format.percent($0.fraction, digits: 0) } ?? "—",
                          role: standing.grant.map { $0.exhausted ? .critical : $0.fraction > 0.8 ? .warn : nil } ?? nil),
                TableCell(runsOut(standing.grant), role: standing.grant?.exhaustsAt != nil ? .warn : nil),
                TableCell(standing.quotas.isEmpty ? "—" : String(lendable)),
                TableCell(fairShareText(standing.fairShare)),
                TableCell(sanitizeForTerminal(dept)),
                TableCell(standing.quotas.isEmpty ? "—" : standing.quotas.map(quotaText).joined(separator: " ")),
            ])
        }
        return ListSort.apply(ui.sort[.teams], to: Rows.filter(all, by: ui.filters[.teams], text: \.searchText))
    }

    /// When the monthly grant runs out at today's burn: a date, "used up", "lasts month", or "—" without a grant.
    static func runsOut(_ grant: GrantStanding?) -> String {
        guard let grant else { return "—" }
        if grant.exhausted { return "used up" }
        guard let at = grant.exhaustsAt else { return "lasts month" }
        return String(Format.fleetClock(at).dropFirst(9))
    }

    /// "h100-pool·H100 73/50": a quota's pool/model, GPUs used and nominal.
    static func quotaText(_ q: QuotaStanding) -> String {
        let scope = [q.quota.pool, q.quota.model].compactMap { $0 }.map(sanitizeForTerminal).joined(separator: "·")
        return "\(scope.isEmpty ? "all" : scope) \(q.using)/\(q.quota.nominal)"
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        ListPane.draw(title: "TEAMS · quota, grant, budget (BORR borrowed · BURST in pools no quota covers · JOBS run/pend)", columns: columns,
                      rows: rows(ui: ui, ctx: ctx), total: ctx.state.org.teams.count,
                      emptyText: ctx.state.org.teams.isEmpty ? "no org tree: no feed or policy has defined teams yet" : "no teams match",
                      pane: .teams, ui: ui, into: &buffer, in: rect, theme: ctx.theme)
    }
}

extension TeamsPane: PaneDefinition {
    /// The team's detail.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) { ui.overlay = .team(id) }
}

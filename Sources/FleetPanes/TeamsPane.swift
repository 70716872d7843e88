import FleetCore
import FleetTUI

/// `:teams` — each team's quota, use, spend and budget, with flags for over-quota and projected overspend.
enum TeamsPane {
    // Flags sit next to the quota figures so they survive narrow terminals; the department goes first when space runs out.
    static let columns = [
        TableColumn("TEAM", width: .flexible(minimum: 12, weight: 1)),
        TableColumn("QUOTA", width: .fixed(5), alignment: .right), TableColumn("USED", width: .fixed(5), alignment: .right),
        TableColumn("USE%", width: .fixed(5), alignment: .right), TableColumn("FLAGS", width: .flexible(minimum: 11, weight: 2)),
        TableColumn("PEND", width: .fixed(5), alignment: .right), TableColumn("JOBS", width: .fixed(5), alignment: .right),
        TableColumn("$/H", width: .fixed(8), alignment: .right), TableColumn("MTD", width: .fixed(9), alignment: .right),
        TableColumn("BUDGET", width: .fixed(9), alignment: .right), TableColumn("PROJ.", width: .fixed(9), alignment: .right),
        TableColumn("DEPT", width: .fixed(9)),
    ]

    /// Projected month-end spend: month-to-date plus the current rate for the rest of the month.
    static func projectedMonthEnd(_ usage: TeamUsage, now: Double) -> Double {
        let monthStart = usage.monthStart > 0 ? usage.monthStart : UTCCalendar.monthStart(containing: now)
        let remaining = max(0, UTCCalendar.nextMonthStart(after: monthStart) - now)
        return usage.monthToDateCost + usage.costPerHour * remaining / 3600
    }

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        let s = ctx.state
        let all = s.org.teams.enumerated().map { i, team -> ListRow in
            let u = i < s.teamUsage.count ? s.teamUsage[i] : TeamUsage()
            let projected = projectedMonthEnd(u, now: s.now)
            var flags: [String] = []
            if !team.hasLimits {
                flags.append("no quota/budget set")
            } else {
                if u.monthToDateCost > team.monthlyBudget { flags.append("OVER BUDGET") }
                else if projected > team.monthlyBudget { flags.append("proj. over") }
                if u.allocatedGPUs > team.quotaGPUs { flags.append("borrowing") }
            }
            let use = team.hasLimits && team.quotaGPUs > 0 ? Double(u.allocatedGPUs) / Double(team.quotaGPUs) : nil
            let dept = team.department < s.org.departments.count ? s.org.departments[team.department].name : ""
            let flagRole: Role = !team.hasLimits ? .muted : flags.contains("OVER BUDGET") ? .critical : flags.isEmpty ? .ok : .warn
            return ListRow(id: team.name, cells: [
                TableCell(sanitizeForTerminal(team.name)),
                TableCell(team.hasLimits ? String(team.quotaGPUs) : "—"), TableCell(String(u.allocatedGPUs)),
                TableCell(Format.percent(use, digits: 0), role: (use ?? 0) > 1 ? .warn : nil),
                TableCell(flags.isEmpty ? "ok" : flags.joined(separator: ", "), role: flagRole),
                TableCell(String(u.pendingGPUs)), TableCell("\(u.runningJobs)/\(u.pendingJobs)"),
                TableCell(Format.money(u.costPerHour)), TableCell(Format.money(u.monthToDateCost)),
                TableCell(team.hasLimits ? Format.money(team.monthlyBudget) : "—"),
                TableCell(Format.money(projected), role: team.hasLimits && projected > team.monthlyBudget ? .warn : nil),
                TableCell(sanitizeForTerminal(dept)),
            ])
        }
        return ListSort.apply(ui.sort[.teams], to: Rows.filter(all, by: ui.filters[.teams], text: \.searchText))
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        ListPane.draw(title: "TEAMS · GPUs vs quota, spend vs monthly budget (JOBS = running/pending)", columns: columns,
                      rows: rows(ui: ui, ctx: ctx), total: ctx.state.org.teams.count,
                      emptyText: ctx.state.org.teams.isEmpty ? "no org tree: no feed or policy has defined teams yet" : "no teams match",
                      pane: .teams, ui: ui, into: &buffer, in: rect, theme: ctx.theme)
    }
}

import FleetCore
import FleetTUI

/// Queue depth and wait per priority class, against each class's SLA; the selected row drills into its jobs.
enum QueueTable {
    static let columns = [
        TableColumn("CLASS", width: .fixed(15)), TableColumn("PEND", width: .fixed(4), alignment: .right),
        TableColumn("GPUS", width: .fixed(5), alignment: .right), TableColumn("RUN", width: .fixed(4), alignment: .right),
        TableColumn("OLDEST", width: .fixed(6), alignment: .right), TableColumn("P95", width: .fixed(6), alignment: .right),
        TableColumn("SLA", width: .fixed(5), alignment: .right), TableColumn("MET", width: .fixed(5), alignment: .right),
        TableColumn("STATUS", width: .flexible(minimum: 7, weight: 1)),
    ]

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        guard rect.height > 0 else { return }
        Section.title("QUEUES BY PRIORITY CLASS  (wait p95 over \(Format.duration(ctx.state.policy?.queueWaitWindowSeconds)) vs SLA)",
                      ctx, into: &buffer, at: rect)
        let classes = ctx.kpis.classes
        guard !classes.isEmpty else {
            _ = buffer.put("no priority classes: no policy loaded", x: rect.x, y: rect.y + 1, style: ctx.theme.style(.stale),
                           maxWidth: rect.width)
            return
        }
        let rows = rows(ctx).map(\.cells)
        let selected = ui.pane == .overview ? RowSelection.resolve(ui.selection[.overview], in: classes.map(\.name)) : nil
        // Stacked under the alerts on a short terminal the table may be cut: it then says how many classes it hides.
        // (No room for a single class: no header either, only the line.)
        let shown = MoreLine.shown(rows.count, room: max(0, rect.height - 2))
        guard shown > 0 else {
            guard rect.height >= 2 else { return }
            MoreLine.draw(hidden: rows.count, pane: .queues, ctx, into: &buffer, x: rect.x, y: rect.y + 1, width: rect.width)
            return
        }
        Table(columns: columns, rows: rows, selectedRow: selected)
            .draw(into: &buffer, in: Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: shown + 1), theme: ctx.theme)
        MoreLine.draw(hidden: rows.count - shown, pane: .queues, ctx, into: &buffer, x: rect.x, y: rect.y + 2 + shown, width: rect.width)
    }

    /// One row per priority class, its name as id.
    static func rows(_ ctx: FrameContext) -> [ListRow] {
        ctx.kpis.classes.map { c in
            let risk = (c.waitP95 ?? 0) > 0.8 * c.slaSeconds || (c.oldestPendingWait ?? 0) > 0.8 * c.slaSeconds
            let status: TableCell = c.isUnmapped ? TableCell("no class", role: .muted) : c.breachesSLA ? TableCell("BREACH", role: .critical)
                : risk ? TableCell("at risk", role: .warn) : TableCell("ok", role: .ok)
            return ListRow(id: c.name, [
                .text(c.name), .count(c.pendingJobs, role: c.pendingJobs > 0 ? .warn : nil),
                .count(c.pendingGPUs), .count(c.runningJobs),
                .duration(c.oldestPendingWait), .duration(c.waitP95),
                c.isUnmapped ? .duration(nil) : .duration(c.slaSeconds), .percent(c.slaAttainment, digits: 0), ListField(status, .text(status.text)),
            ])
        }
    }
}

/// Capacity and allocation per pool.
enum PoolTable {
    static let columns = [
        TableColumn("POOL", width: .fixed(15)), TableColumn("PAID AS", width: .fixed(9)),
        TableColumn("CAP", width: .fixed(7), alignment: .right), TableColumn("ALLOC", width: .flexible(minimum: 10, weight: 1)),
        TableColumn("BUSY", width: .fixed(6), alignment: .right), TableColumn("$/H", width: .fixed(8), alignment: .right),
    ]

    static func draw(_ ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        guard rect.height > 0 else { return }
        Section.title("POOLS", ctx, into: &buffer, at: rect)
        let rows: [[TableCell]] = ctx.kpis.pools.map { p in
            let share = p.capacity > 0 ? Double(p.allocated) / Double(p.capacity) : 0
            return [TableCell(p.name), TableCell(p.purchase.rawValue), TableCell("\(p.capacity)/\(p.totalGPUs)"),
                    ctx.kpis.allocationKnown ? TableCell("\(p.allocated) (\(Format.percent(share, digits: 0)))") : TableCell("—", role: .stale),
                    TableCell(p.busy.map { Format.percent($0, digits: 0) } ?? "—", role: p.busy == nil ? .stale : nil),
                    TableCell(Format.money(p.costPerHour))]
        }
        Table(columns: columns, rows: rows)
            .draw(into: &buffer, in: Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1), theme: ctx.theme)
    }
}

/// The most severe open alerts.
enum AlertList {
    /// Rows it wants when stacked: its title and up to five alerts (or "none open").
    static func height(_ ctx: FrameContext) -> Int { 1 + max(1, min(ctx.kpis.alerts.count, 5)) }

    static func draw(_ ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        guard rect.height > 0 else { return }
        let alerts = ctx.kpis.alerts
        Section.title("ALERTS (\(alerts.count))", ctx, into: &buffer, at: rect)
        if alerts.isEmpty {
            guard rect.height > 1 else { return }
            _ = buffer.put("none open", x: rect.x, y: rect.y + 1, style: ctx.theme.style(.ok), maxWidth: rect.width)
            return
        }
        let shown = MoreLine.shown(alerts.count, room: rect.height - 1)
        for (i, alert) in alerts.prefix(shown).enumerated() {
            let y = rect.y + 1 + i
            let used = buffer.put(alert.severity.tag, x: rect.x, y: y, style: ctx.theme.style(alert.severity.role), maxWidth: rect.width)
            let text = sanitizeForTerminal("\(alert.subject): \(alert.message)") + alert.rule.hint
            _ = buffer.put(text, x: rect.x + used, y: y, style: ctx.theme.style(.text), maxWidth: max(0, rect.width - used))
        }
        MoreLine.draw(hidden: alerts.count - shown, pane: .alerts, ctx, into: &buffer, x: rect.x, y: rect.y + 1 + shown, width: rect.width)
    }
}

/// The "+N more (:pane)" line under a section cut short.
enum MoreLine {
    /// How many of `count` rows to draw in `room` rows: all when they fit, else one fewer to leave the line room.
    static func shown(_ count: Int, room: Int) -> Int { count <= room ? count : max(0, room - 1) }

    /// Draws "+N more (:pane)" when `hidden` rows were left out.
    static func draw(hidden: Int, pane: Pane, _ ctx: FrameContext, into buffer: inout CellBuffer, x: Int, y: Int, width: Int) {
        guard hidden > 0 else { return }
        _ = buffer.put("+\(hidden) more (\(KeyMap.command(pane)))", x: x, y: y, style: ctx.theme.style(.muted), maxWidth: width)
    }
}

/// One cell per GPU (or per group of GPUs on big fleets), coloured by utilisation; unreporting GPUs show as missing.
enum FleetHeatMap {
    static func draw(_ ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect,
                     order: String = "node order: pools as listed above") {
        guard rect.height >= 3, rect.width >= 10 else { return }
        let gpus = ctx.state.gpus
        let reference = GPUFreshness.reference(ctx.state, wallNow: ctx.wallNow), staleAfter = GPUFreshness.staleAfter(ctx.state)
        var values = [Double?](repeating: nil, count: gpus.count)
        for g in 0..<gpus.count where GPUFreshness.isFresh(ctx.state, gpu: g, reference: reference, staleAfter: staleAfter)
            && gpus.utilPercent[g].isFinite {
            values[g] = Double(gpus.utilPercent[g]) / 100
        }
        let area = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        let perCell = HeatMap.valuesPerCell(count: values.count, cells: area.width * area.height)
        let unit = perCell <= 1 ? "one cell per GPU" : "one cell per \(perCell) GPUs (mean)"
        Section.title("GPU UTILISATION HEAT MAP · \(unit)", ctx, into: &buffer, at: rect)
        _ = buffer.put("low ■ → high ■   · no telemetry   (\(order))", x: rect.x, y: rect.y + 1,
                       style: ctx.theme.style(.muted), maxWidth: rect.width)
        _ = HeatMap(values: values).draw(into: &buffer, in: area, theme: ctx.theme)
    }
}

/// The teams spending most right now, with quota use and budget position (the teams pane has all of them).
enum TopTeams {
    static let columns = [
        TableColumn("TEAM", width: .fixed(19)), TableColumn("GPUS/QUOTA", width: .fixed(10), alignment: .right),
        TableColumn("$/H", width: .fixed(8), alignment: .right), TableColumn("MTD/BUDGET", width: .fixed(10), alignment: .right),
        TableColumn("PROJ. MONTH", width: .fixed(11), alignment: .right), TableColumn("", width: .flexible(minimum: 0, weight: 1)),
    ]

    /// `columns` with the team column as wide as the longest name shown (at most its 19): the quota flag after the
    /// figures gets the rest, so "borrows in cloud-burst, spot" is not cut where short names leave room.
    static func columns(fitting longestName: Int) -> [TableColumn] {
        var fitted = columns
        fitted[0].width = .fixed(min(19, max(displayWidth(fitted[0].title), longestName)))
        return fitted
    }

    /// Rows it takes when stacked: title, header, five teams and the "+N more" line.
    static let stackedHeight = 8

    /// The one line left when the section does not fit: how many teams it would rank, and where they are.
    static func drawPointer(_ ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let count = min(ctx.state.teamUsage.count, ctx.state.org.teams.count)
        guard rect.height > 0, count > 0 else { return }
        _ = buffer.put("top spending teams: \(count) teams (\(KeyMap.command(.teams)))", x: rect.x, y: rect.y,
                       style: ctx.theme.style(.muted), maxWidth: rect.width)
    }

    static func draw(_ ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        guard rect.height >= 3 else { return }
        let s = ctx.state
        let count = min(s.teamUsage.count, s.org.teams.count)
        let shown = MoreLine.shown(count, room: rect.height - 2)
        let order = TopK.first(shown, of: 0..<count) { s.teamUsage[$0].costPerHour > s.teamUsage[$1].costPerHour }
        // Month to date that began within the month (a store started mid-month) says so, or it reads as a whole month.
        let since = order.compactMap { s.monthToDateSince(team: $0) }.min()
        let budgets = order.map { s.budgetStatus(team: $0) }
        let runRate = RunRateMark.legend(budgets.map { $0?.runRateHours })
        Section.title(title(since: since, runRate: runRate, width: rect.width), ctx, into: &buffer, at: rect)
        let standings = ctx.kpis.teamStandings
        let rows: [[TableCell]] = zip(order, budgets).map { i, budget in
            let team = s.org.teams[i], u = s.teamUsage[i]
            let position = s.quotaPosition(team: i, standing: i < standings.count ? standings[i] : nil)
            let budgetShare = budget?.used, projectedShare = budget?.projected
            // The same level the alerts and :teams give; a projected overspend warns before any threshold.
            let role: Role = switch budget?.level ?? .ok {
            case .over, .throttle: .critical
            case .warn: .warn
            case .ok: (projectedShare ?? 0) > 1 ? .warn : .ok
            }
            return [TableCell(sanitizeForTerminal(team.name)),
                    team.hasLimits
                        ? TableCell("\(u.allocatedGPUs)/\(team.quotaGPUs)", role: position.isPastNominal ? .warn : nil)
                        : TableCell("\(u.allocatedGPUs)/—", role: .muted),
                    TableCell(Format.money(u.costPerHour)), TableCell(Format.percent(budgetShare, digits: 0)),
                    TableCell(RunRateMark.marked(Format.percent(projectedShare, digits: 0), runRateHours: budget?.runRateHours), role: role),
                    quotaFlag(position)]
        }
        Table(columns: columns(fitting: rows.map { displayWidth($0[0].text) }.max() ?? 0), rows: rows)
            .draw(into: &buffer, in: Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1), theme: ctx.theme)
        MoreLine.draw(hidden: count - shown, pane: .teams, ctx, into: &buffer, x: rect.x, y: rect.y + 2 + shown, width: rect.width)
    }

    /// The section's title, shortened to fit `width` (the left column is 74 wide at 140 columns) rather than cut, so
    /// that when month to date began within the month, since when stays readable.
    /// A projection that is a run rate keeps its legend ("~ run-rate on 8 h") before since when.
    static func title(since: Double?, runRate: String? = nil, width: Int) -> String {
        let notes = [runRate, since.map { "MTD since \(UTCCalendar.format($0)) UTC" }].compactMap { $0 }
        let tail = notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")
        let titles = ["TOP SPENDING TEAMS  (projected month-end vs budget\(tail))",
                      "TOP SPENDING TEAMS (projected vs budget\(tail))"]
            + (notes.isEmpty ? [] : ["TOP SPENDING TEAMS (\(notes.joined(separator: "; ")))", "TOP TEAMS (\(notes.joined(separator: "; ")))"])
            + (runRate != nil && since != nil ? [title(since: since, width: width)] : [])
        return titles.first { displayWidth($0) <= width } ?? titles[titles.count - 1]
    }

    /// The last column: a team over its quota (or borrowing past it) says so in words, not by colour alone.
    static func quotaFlag(_ position: QuotaPosition) -> TableCell {
        position.flagText.map { TableCell($0, role: position.flagRole) } ?? TableCell("")
    }
}

import FleetCore
import FleetTUI

/// How `:review` lays out a slide: a title line, the slide tabs, large fleet figures, then the slide's table and chart.
enum ReviewSlides {
    /// The fleet figures each slide shows large.
    static let tiles: [ReviewSectionKind: [KPIMetric]] = [
        .capacity: [.allocation, .busy, .effectiveUtilization, .downShare],
        .queues: [.slaAttainment, .waitP95, .jobsStarted, .pendingGPUs],
        .cost: [.cost, .idleAllocatedCost, .unallocatedCost],
        .forecast: [.demandGPUs, .capacityGPUs, .demandGrowth, .shortfallDays],
        .governance: [.requestsFiled, .requestsApproved, .decisionP50, .overrideGPUHours],
        .reliability: [.nodeFailures, .xids, .downGPUHours, .preemptions],
    ]

    /// Each slide's table columns, most telling first (columns that do not fit drop from the right).
    static let tableMetrics: [ReviewSectionKind: [KPIMetric]] = [
        .capacity: [.allocatedGPUHours, .idleGPUHours, .downGPUHours, .plannedDownGPUHours, .allocation, .busy, .effectiveUtilization, .downShare,
                    .capacityGPUHours, .totalGPUHours, .activeGPUHours, .reservedGPUHours, .coveredHours],
        .queues: [.slaAttainment, .waitP50, .waitP95, .jobsStarted, .pendingJobs, .pendingGPUs],
        .teams: [.quotaBurn, .allocatedGPUHours, .quotaGPUHours, .borrowedGPUHours, .busy, .pendingGPUs],
        .cost: [.cost, .budget, .budgetBurn, .idleAllocatedCost, .idleAllocatedGPUHours, .unallocatedCost],
    ]

    /// The slides whose teams are ranked, by this figure, largest first.
    static let rankedBy: [ReviewSectionKind: KPIMetric] = [.teams: .quotaBurn, .cost: .budgetBurn]

    /// Short column titles (a projector has no room for "Effective utilisation (ratio)").
    static let shortTitles: [KPIMetric: String] = [
        .allocatedGPUHours: "ALLOC GPU-h", .idleGPUHours: "IDLE GPU-h", .downGPUHours: "DOWN GPU-h", .plannedDownGPUHours: "DRAIN GPU-h",
        .reservedGPUHours: "RESV GPU-h", .capacityGPUHours: "CAP GPU-h", .totalGPUHours: "TOTAL GPU-h", .activeGPUHours: "ACTIVE GPU-h",
        .coveredHours: "HOURS", .allocation: "ALLOC", .busy: "BUSY", .effectiveUtilization: "EFF UTIL", .downShare: "DOWN %",
        .slaAttainment: "SLA MET", .waitP50: "WAIT P50", .waitP95: "WAIT P95", .jobsStarted: "STARTED", .pendingJobs: "PEND JOBS",
        .pendingGPUs: "PEND GPUs", .quotaBurn: "QUOTA BURN", .quotaGPUHours: "QUOTA GPU-h", .borrowedGPUHours: "BORROWED GPU-h",
        .cost: "COST", .budget: "BUDGET", .budgetBurn: "BUDGET BURN", .idleAllocatedCost: "IDLE $", .idleAllocatedGPUHours: "IDLE ALLOC GPU-h",
        .unallocatedCost: "UNALLOC $", .demandGPUs: "DEMAND GPUs", .capacityGPUs: "CAPACITY GPUs", .demandGrowth: "GROWTH /day",
        .shortfallDays: "SHORTFALL IN", .requestsFiled: "FILED", .requestsApproved: "APPROVED", .requestsDenied: "DENIED",
        .requestsLapsed: "LAPSED", .decisionP50: "DECIDE P50", .decisionP95: "DECIDE P95", .escalations: "ESCALATED",
        .overrideGPUHours: "OVERRIDE GPU-h", .nodeFailures: "NODE FAILS", .xids: "XIDs", .preemptions: "PREEMPTED",
    ]

    /// Short slide names for the tabs.
    static func tabName(_ kind: ReviewSectionKind) -> String {
        switch kind {
        case .capacity: "Capacity"
        case .queues: "Queues & SLA"
        case .teams: "Teams"
        case .cost: "Cost"
        case .forecast: "Forecast"
        case .governance: "Governance"
        case .reliability: "Reliability"
        case .exceptions: "Exceptions"
        }
    }

    /// Rows above the table: the large figures and a blank line.
    static let tileRows = 6

    /// Where the table (and the capacity slide's split and chart) go in a slide's body.
    static func tableRect(in body: Rect) -> Rect { body.splitTop(min(body.height, tileRows)).rest }

    /// The period line and the slide tabs.
    static func drawTitle(request: ReviewRequest, frozenAt: Double?, slide: ReviewSectionKind, pack: ReviewPack?,
                          into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        var title = "REVIEW " + ReviewText.period(request.period)
        if let compare = request.compare { title += " vs " + compare.label }
        let state = frozenAt.map { " FROZEN as of " + Format.fleetClock($0) + " " } ?? "live to " + Format.fleetClock(Double(request.asOf))
        let stateWidth = displayWidth(state)
        let used = buffer.put(title, x: rect.x, y: rect.y, style: theme.style(.title).adding(.bold), maxWidth: max(0, rect.width - stateWidth - 2))
        if rect.width - stateWidth > used + 1 {
            _ = buffer.put(state, x: rect.maxX - stateWidth, y: rect.y, style: frozenAt == nil ? theme.style(.muted) : theme.style(.warn).adding([.bold, .reverse]),
                           maxWidth: stateWidth)
        }
        guard rect.height > 1 else { return }
        let all = ReviewSectionKind.allCases
        let label = { (k: ReviewSectionKind, full: Bool) -> String in
            let n = (all.firstIndex(of: k) ?? 0) + 1
            let count = k == .exceptions ? pack.map { " (\($0.exceptions.count))" } ?? "" : ""
            return full || k == slide ? " \(n) \(tabName(k))\(count) " : " \(n) "
        }
        let fits = all.map { displayWidth(label($0, true)) + 1 }.reduce(0, +) <= rect.width
        var x = rect.x
        for k in all {
            let text = label(k, fits)
            x += buffer.put(text, x: x, y: rect.y + 1, style: theme.style(k == slide ? .tabActive : .tabInactive), maxWidth: max(0, rect.maxX - x))
            x += 1
        }
    }

    /// Draws `slide` of `pack` into `rect` (below the title and tabs).
    static func draw(_ slide: ReviewSectionKind, pack: ReviewPack, rows: [ReviewPane.SlideRow], selection: RowSelection?, scroll: Int,
                     into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        let fleet = pack.section(slide)?.rows.first { $0.scope == .fleet }
        let (tileRect, rest) = rect.splitTop(min(rect.height, tileRows))
        var below = rest
        switch slide {
        case .teams:
            let text = "\(rows.count) teams, the highest quota burn first · quota burn over 100 %: borrowing"
            _ = buffer.put(text, x: tileRect.x, y: tileRect.y, style: theme.style(.muted), maxWidth: tileRect.width)
        case .exceptions:
            ReviewCharts.tiles([ReviewCharts.Tile(label: "outside their targets", value: "\(pack.exceptions.count)", change: nil)],
                               into: &buffer, in: tileRect, theme: theme, role: pack.exceptions.isEmpty ? .ok : .critical)
        default:
            let metrics = tiles[slide] ?? []
            ReviewCharts.tiles(metrics.map { ReviewCharts.Tile(fleet?[$0] ?? ReviewFigure($0, nil), comparedWith: pack.comparePeriod) },
                               into: &buffer, in: tileRect, theme: theme, role: .title)
        }
        if slide == .capacity, let fleet {
            below = ReviewCharts.split(fleet, into: &buffer, in: below, theme: theme)
        }
        if slide == .forecast {
            below = ReviewCharts.forecast(pack, into: &buffer, in: below, theme: theme)
        }
        // The chart takes what the table (up to 4 rows, its header and legend) leaves, at most 16 rows; the governance
        // slide keeps room for the decision log.
        let chartRows = slide == .capacity ? min(16, max(0, below.height - min(rows.count + 2, 6) - 1)) : 0
        let logRows = slide == .governance ? ReviewDecisionList.height(pack.decisions, in: below) : 0
        let tableHeight = below.height - (chartRows > 2 ? chartRows + 1 : 0) - (logRows > 0 ? logRows + 1 : 0)
        let tableArea = Rect(x: below.x, y: below.y, width: below.width, height: max(0, min(tableHeight, rows.count + 1 + (pack.comparePeriod == nil ? 0 : 1))))
        table(slide, rows: rows, pack: pack, selection: selection, scroll: scroll, into: &buffer, in: tableArea, theme: theme)
        if chartRows > 2 {
            ReviewCharts.trend(pack, into: &buffer, in: Rect(x: below.x, y: tableArea.maxY + 1, width: below.width, height: chartRows), theme: theme)
        }
        if logRows > 0 {
            let top = tableArea.maxY + 1
            ReviewDecisionList.draw(pack.decisions, into: &buffer, in: Rect(x: below.x, y: top, width: below.width, height: min(logRows, below.maxY - top)),
                                    theme: theme)
        }
    }

    /// The slide's rows as a table; a figure outside its target in the critical colour; with a comparison, each cell
    /// carries its change and arrow and a legend line says against what.
    private static func table(_ slide: ReviewSectionKind, rows: [ReviewPane.SlideRow], pack: ReviewPack, selection: RowSelection?, scroll: Int,
                              into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard rect.height > 1 else { return }
        if rows.isEmpty {
            let text = slide == .exceptions ? "no exceptions: every class, team, department and pool measured is within its targets"
                : "no rows: nothing in this period measured them"
            _ = buffer.put(text, x: rect.x, y: rect.y, style: theme.style(slide == .exceptions ? .ok : .muted), maxWidth: rect.width)
            return
        }
        let comparing = pack.comparePeriod != nil
        var tableRect = rect
        if let compare = pack.comparePeriod, slide != .exceptions {
            let legend = "▲▼ change vs \(compare.label) (pp: percentage points) · – nothing to compare"
            _ = buffer.put(legend, x: rect.x, y: rect.maxY - 1, style: theme.style(.muted), maxWidth: rect.width)
            tableRect.height -= 1
        }
        let outside = Set(pack.exceptions.map { "\(ReviewPane.id($0.scope))|\($0.metric.rawValue)" })
        let ids = rows.map(\.id)
        let selected = RowSelection.resolve(selection, in: ids)
        let visibleRows = max(1, tableRect.height - 1)
        let offset = Table.adjustedScrollOffset(current: scroll, selected: selected, rowCount: rows.count, visibleRows: visibleRows)
        let shown = rows[offset..<min(rows.count, offset + visibleRows)]
        let metrics = slide == .exceptions ? [] : rows.first?.figures.map(\.metric) ?? []
        let cells: [[TableCell]] = shown.map { row in
            if let sentence = row.sentence { return [TableCell(sanitizeForTerminal(sentence), role: .critical)] }
            return [TableCell(sanitizeForTerminal(ReviewText.scope(row.scope)))] + row.figures.map { f in
                let role: Role? = f.value == nil ? .muted : outside.contains("\(row.id)|\(f.metric.rawValue)") ? .critical : nil
                return TableCell(cell(f, comparing: comparing), role: role)
            }
        }
        var columns = [TableColumn(slide == .exceptions ? "OUTSIDE ITS TARGET" : "SCOPE", width: .flexible(minimum: 16, weight: 1))]
        for (i, m) in metrics.enumerated() {
            let title = shortTitles[m] ?? m.definition.title.uppercased()
            let widest = cells.map { $0.count > i + 1 ? displayWidth($0[i + 1].text) : 0 }.max() ?? 0
            columns.append(TableColumn(title, width: .fixed(max(displayWidth(title), widest)), alignment: .right))
        }
        Table(columns: columns, rows: cells, selectedRow: selected - offset, columnGap: 2).draw(into: &buffer, in: tableRect, theme: theme)
    }

    /// "72.1 %", or with a comparison "72.1 % ▲+2.3 pp" ("– " when there is nothing to compare).
    static func cell(_ f: ReviewFigure, comparing: Bool) -> String {
        let value = ReviewText.value(f)
        guard comparing, f.applies else { return value }
        let delta = ReviewText.delta(f)
        return delta.isEmpty ? value + " –" : value + " " + ReviewText.arrow(f) + delta
    }
}

import FleetCore
import FleetTUI
import Foundation

/// `:cost` — cost exposure now and month to date by team/project/model/pool split by purchase option; idle and
/// unallocated cost; the reserved commitment that would have been cheapest; cost per useful GPU-hour by option.
enum CostPane {
    static let columns = [
        ListColumn("NAME", .text, width: .flexible(minimum: 12, weight: 1)),
        ListColumn("$/H NOW", .money, width: .fixed(9), alignment: .right), ListColumn("ON-PREM", .money, width: .fixed(9), alignment: .right),
        ListColumn("COLO", .money, width: .fixed(9), alignment: .right), ListColumn("RESERVED", .money, width: .fixed(9), alignment: .right),
        ListColumn("ON-DEMAND", .money, width: .fixed(9), alignment: .right), ListColumn("SPOT", .money, width: .fixed(9), alignment: .right),
        ListColumn("MONTH", .money, width: .fixed(10), alignment: .right),
        ListColumn("UNPRICED GPU-H", .number, width: .fixed(14), alignment: .right),
    ]
    /// Utilisation levels of the TCO table.
    static let utilisations = [0.3, 0.6, 0.9]

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        ctx.rows(.cost, ui: ui, scope: ui.costDimension) { buildRows(ui: ui, ctx: ctx) }
    }

    private static func buildRows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        let all = breakdown(ctx, by: ui.costDimension).map { r in
            let option = { (o: PurchaseOption) in ListField.money(r.perHourByOption[o]) }
            return ListRow(id: r.name, [
                .text(r.name), .money(r.perHour), option(.onPrem), option(.colocation),
                option(.reserved), option(.onDemand), option(.spot),
                .money(r.monthToDate),
                r.unpricedGPUHours > 0
                    ? ListField(TableCell(Format.number(r.unpricedGPUHours, digits: 0), role: .warn), .number(r.unpricedGPUHours))
                    : ListField(TableCell("—", role: .muted), .missing),
            ])
        }
        return ListSort.apply(ui.sort[.cost], to: Rows.filter(all, by: ui.filters[.cost], text: \.searchText), columns: columns)
    }

    /// Cost by `dimension`, derived once per state: a pass over every GPU.
    static func breakdown(_ ctx: FrameContext, by dimension: CostBreakdown.Dimension) -> [CostBreakdown.Row] {
        ctx.cached(BreakdownKey(dimension: dimension)) { CostBreakdown.derive(ctx.state, by: dimension, month: month(ctx)).rows }
    }

    /// The month's ledger lines and running jobs, which the summary's total and the table's breakdown share.
    private static func month(_ ctx: FrameContext) -> CostBreakdown.Month {
        ctx.cached(MonthKey()) { CostBreakdown.month(ctx.state) }
    }

    /// The cache keys of the month's ledger lines and running jobs, and of the fleet's total.
    private struct MonthKey: Hashable {}
    private struct TotalKey: Hashable {}

    /// The cache key of a breakdown.
    private struct BreakdownKey: Hashable {
        var dimension: CostBreakdown.Dimension
    }

    /// The summary lines above the table.
    static func summary(ctx: FrameContext) -> [String] {
        let k = ctx.kpis
        let total = ctx.cached(TotalKey()) { CostBreakdown.total(of: Self.month(ctx)) }
        let byOption = PurchaseOption.allCases.compactMap { o -> String? in
            total.perHourByOption[o].map { "\(o.rawValue) \(Format.money($0))" }
        }
        let monthToDate = total.monthToDate
        let held = total.perHour
        // Month to date that began within the month (a store started mid-month) says so, as the overview's does: after
        // the amount, so that a narrow terminal cuts the label rather than the figure.
        let since = ctx.state.monthToDateSince.map { " (since \(UTCCalendar.format($0)) UTC)" } ?? ""
        // What running jobs hold has a line of its own: after the month to date, 80 and even 160 columns cut it off.
        var lines = ["exposure  \(k.costPerHour.map { Format.money($0, perHour: true) } ?? "no prices") for all priced capacity · month to date "
                     + "\(Format.money(monthToDate))\(since)",
                     "held      \(Format.money(held, perHour: true)): " + byOption.joined(separator: " · ")]
        let idle = k.idleAllocatedCostPerHour.map { Format.money($0, perHour: true) } ?? "no telemetry"
        let unallocated = k.unallocatedCostPerHour.map { Format.money($0, perHour: true) } ?? "no prices"
        lines.append("waste     idle allocated \(idle) (telemetry) · paid but unallocated \(unallocated)"
                     + (k.unpricedGPUs > 0 ? " · \(k.unpricedGPUs) GPUs without a price" : ""))
        return lines + ctx.cached(StateLinesKey()) { stateLines(ctx.state) }
    }

    /// The cache key of `stateLines`.
    private struct StateLinesKey: Hashable {}

    /// The summary lines read from the state alone (not the KPIs): commitment advice, inference and TCO.
    private static func stateLines(_ s: FleetState) -> [String] {
        var lines: [String] = []
        let advice = CommitmentAdvice.derive(s)
        if advice.isEmpty {
            lines.append("commit    no on-demand pool with a day of use history and a reserved price to compare")
        } else {
            lines.append("commit    " + advice.map { a in
                "\(a.pool) \(a.model): reserve \(a.commitGPUs) GPUs → save \(Format.money(a.saving)) over \(a.hours)h"
                    + " (\(Format.percent(a.onDemandCost > 0 ? a.saving / a.onDemandCost : nil, digits: 0)))"
            }.joined(separator: " · "))
        }
        lines.append(inferenceLine(CostPerInference.derive(s)))
        if let model = s.fleet.models.first?.name {
            let table = utilisations.map { u in (u, TotalCostOfOwnership.perUsefulHour(s, model: model, utilisation: u)) }
            if let options = table.first?.1.map(\.0), !options.isEmpty {
                let label = "TCO       \(sanitizeForTerminal(model)) $ per used GPU-hour"
                lines.append(label + options.map { pad(short($0), 8) }.joined())
                for (u, costs) in table {
                    let row = "          at \(Int(saturating: u * 100))% utilisation"
                    lines.append(row + String(repeating: " ", count: max(0, label.count - row.count)) + costs.map { pad(Format.money($0.1), 8) }.joined())
                }
            } else {
                lines.append("TCO       no prices for \(sanitizeForTerminal(model)) in the policy")
            }
        }
        return lines
    }

    /// Cost per 1,000 requests of the costliest services, or why it is unknown.
    static func inferenceLine(_ services: [CostPerInference]) -> String {
        guard !services.isEmpty else {
            return "inference no request counter in any feed (--inference-metric NAME): cost per inference unavailable"
        }
        let priced = services.filter { $0.costPerThousand != nil }
        guard !priced.isEmpty else { return "inference \(services.count) services reporting; a rate needs two readings" }
        return "inference $/1k requests: " + priced.prefix(4).map { c in
            let cost = c.costPerThousand ?? 0
            return "\(sanitizeForTerminal(c.service)) \(cost < 1 ? String(format: "$%.4f", cost) : Format.money(cost))"
                + " (\(Format.number(c.requestsPerSecond ?? 0, digits: 0)) req/s on \(c.gpus) GPU\(c.gpus == 1 ? "" : "s"))"
        }.joined(separator: " · ") + (services.count > 4 ? " · +\(services.count - 4) more" : "")
    }

    /// Right-aligns `text` in `width` columns.
    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - text.count)) + text
    }

    /// Short option names for the TCO table's columns.
    private static func short(_ o: PurchaseOption) -> String {
        switch o {
        case .onPrem: "own"
        case .colocation: "colo"
        case .reserved: "rsv"
        case .onDemand: "od"
        case .spot: "spot"
        }
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let lines = summary(ctx: ctx)
        for (i, line) in lines.enumerated() where i < rect.height - 3 {
            _ = buffer.put(line, x: rect.x, y: rect.y + i, style: ctx.theme.style(i == 0 ? .title : .text), maxWidth: rect.width)
        }
        let table = tableRect(in: rect, summaryLines: lines.count)
        let rows = rows(ui: ui, ctx: ctx)
        ListPane.draw(title: "COST by \(ui.costDimension.rawValue) (b: by team/project/model/pool)", columns: columns, rows: rows,
                      total: rows.count, emptyText: "no priced GPUs are held and nothing was spent this month",
                      pane: .cost, ui: ui, into: &buffer, in: table, theme: ctx.theme)
    }
}

extension CostPane: PaneDefinition {
    /// The cost rows in the pane's dimension split by purchase option, waste, commitment advice and cost per inference.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let rows: [[String: Any]] = CostBreakdown.derive(ctx.state, by: ui.costDimension).rows.map { r in
            ["name": r.name, "cost_per_hour": JSONValue.of(r.perHour, JSONNumber.rate),
             "month_to_date": JSONValue.of(r.monthToDate, JSONNumber.money),
             "unpriced_gpu_hours": JSONValue.of(r.unpricedGPUHours, JSONNumber.measured),
             "cost_per_hour_by_purchase": Dictionary(uniqueKeysWithValues: r.perHourByOption.map {
                 ($0.key.rawValue, JSONValue.of($0.value, JSONNumber.rate))
             })]
        }
        let advice: [[String: Any]] = CommitmentAdvice.derive(ctx.state).map {
            ["pool": $0.pool, "model": $0.model, "history_hours": $0.hours, "commit_gpus": $0.commitGPUs,
             "on_demand_cost": JSONValue.of($0.onDemandCost, JSONNumber.money),
             "mixed_cost": JSONValue.of($0.mixedCost, JSONNumber.money), "saving": JSONValue.of($0.saving, JSONNumber.money)]
        }
        let k = ctx.kpis
        return ["pane": "cost", "by": ui.costDimension.rawValue, "rows": rows, "cost_per_hour": JSONValue.of(k.costPerHour, JSONNumber.rate),
                "idle_allocated_cost_per_hour": JSONValue.of(k.idleAllocatedCostPerHour, JSONNumber.rate),
                "unallocated_cost_per_hour": JSONValue.of(k.unallocatedCostPerHour, JSONNumber.rate), "unpriced_gpus": k.unpricedGPUs,
                "commitment_advice": advice,
                "cost_per_inference": CostPerInference.derive(ctx.state).map { c -> [String: Any] in
                    ["service": c.service, "gpus": c.gpus, "cost_per_hour": JSONValue.of(c.costPerHour, JSONNumber.rate),
                     "requests_per_second": JSONValue.of(c.requestsPerSecond, JSONNumber.measured),
                     "cost_per_1000_requests": JSONValue.of(c.costPerThousand, JSONNumber.rate)]
                }]
    }

    /// The table under the summary lines (and a blank line), keeping at least three rows for it.
    static func tableRect(in body: Rect, summaryLines: Int) -> Rect {
        let top = min(summaryLines + 1, max(0, body.height - 3))
        return Rect(x: body.x, y: body.y + top, width: body.width, height: body.height - top)
    }

    static func listRect(in body: Rect, ctx: FrameContext) -> Rect { tableRect(in: body, summaryLines: summary(ctx: ctx).count) }

    /// A team's jobs; other groupings have no jobs list of their own.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) {
        guard ui.costDimension == .team else { return }
        UIController.openJobs(UIState.JobScope(team: id), ui: &ui)
    }
}

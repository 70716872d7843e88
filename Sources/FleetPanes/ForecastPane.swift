import Foundation
import FleetCore
import FleetTUI

/// `:forecast` — GPU demand per pool and team from hourly history (`ForecastEngine`), against capacity or quota,
/// under a what-if scenario, with each series' backtest MASE and interval coverage (day-ahead band).
enum ForecastPane {
    static let columns = [
        ListColumn("SERIES", .text, width: .flexible(minimum: 12, weight: 1)),
        ListColumn("NOW", .number, width: .fixed(6), alignment: .right), ListColumn("LIMIT", .number, width: .fixed(6), alignment: .right),
        ListColumn("+7D", .number, width: .fixed(6), alignment: .right), ListColumn("+30D", .number, width: .fixed(6), alignment: .right),
        ListColumn("P95 30D", .number, width: .fixed(7), alignment: .right), ListColumn("OVER LIMIT", .time, width: .fixed(18)),
        ListColumn("MODEL", .text, width: .flexible(minimum: 10, weight: 1)), ListColumn("MASE", .number, width: .fixed(5), alignment: .right),
        ListColumn("COV", .number, width: .fixed(4), alignment: .right),
        ListColumn("LAST 48H", .number, width: .fixed(12)),
    ]

    /// One series' figures under the scenario.
    struct Row {
        var id: String
        var name: String
        var now: Double?
        var limit: Double?
        var week: Double?
        var month: Double?
        var monthHigh: Double?
        /// Fleet time the forecast first passes the limit, within 30 days.
        var exceedsAt: Double?
        /// Fleet time the top of the 95 % interval first passes the limit (at or before `exceedsAt`).
        var mayExceedAt: Double?
        var forecast: DemandForecast?
        var history: [Double]
    }

    static func series(ui: UIState, ctx: FrameContext) -> [Row] {
        let s = ctx.state
        guard let demand = s.demand else { return [] }
        var rows: [Row] = []
        // Summed in place per pool: grouping copies of 12,500 nodes cost more than the rest of the pane.
        var capacity = [Int](repeating: 0, count: s.fleet.pools.count)
        var totalGPUs = 0
        for n in s.nodes.indices where s.nodes[n].state == .up {
            totalGPUs += s.nodes[n].gpuCount
            if s.nodes[n].pool >= 0, s.nodes[n].pool < capacity.count { capacity[s.nodes[n].pool] += s.nodes[n].gpuCount }
        }
        let totalCapacity = Double(totalGPUs)
        for (name, history) in demand.byPool.sorted(by: { $0.key < $1.key }) {
            let limit = name == DemandHistory.fleetSeries ? totalCapacity
                : s.fleet.pools.firstIndex { $0.name == name }.map { Double(capacity[$0]) }
            rows.append(row(id: "pool:\(name)", name: name, history: history, limit: limit, demand: demand, ui: ui, now: s.now))
        }
        for (name, history) in demand.byTeam.sorted(by: { $0.key < $1.key }) {
            let team = s.teamIndex(named: name).flatMap { $0 < s.org.teams.count ? s.org.teams[$0] : nil }
            let limit = team.flatMap { $0.hasLimits ? Double($0.quotaGPUs + $0.borrowingLimitGPUs) : nil }
            rows.append(row(id: "team:\(name)", name: "team \(name)", history: history, limit: limit, demand: demand, ui: ui, now: s.now))
        }
        return rows
    }

    private static func row(id: String, name: String, history: [Double], limit: Double?, demand: DemandHistory, ui: UIState,
                            now: Double) -> Row {
        let forecast = demand.forecasts[id]
        let scenario = ui.forecastScenario
        let crossing = forecast.flatMap { f in
            limit.map { f.firstCrossing(of: $0) { h, value in scenario.value(f.points, hoursAhead: h) { $0[keyPath: value] } } }
        }
        let at = { (h: Int?) in h.map { now + Double($0) * 3600 } }
        return Row(id: id, name: name, now: history.last, limit: limit,
                   week: forecast.flatMap { scenario.value($0.points, hoursAhead: 168, \.mean) },
                   month: forecast.flatMap { scenario.value($0.points, hoursAhead: 720, \.mean) },
                   monthHigh: forecast.flatMap { scenario.value($0.points, hoursAhead: 720, \.high) },
                   exceedsAt: at(crossing?.mean), mayExceedAt: at(crossing?.high), forecast: forecast, history: history)
    }

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        ctx.rows(.forecast, ui: ui, scope: ui.forecastScenario) { buildRows(ui: ui, ctx: ctx) }
    }

    private static func buildRows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        let all = series(ui: ui, ctx: ctx).map { r -> ListRow in
            let gpus = { (v: Double?, role: Role?) in ListField(TableCell(v.map { Format.number($0, digits: 0) } ?? "—", role: role), .number(ifKnown: v)) }
            let day = r.forecast?.skill(upTo: 24)
            let model: String = if let day {
                (day.isNaive ? "naive is better: showing naive" : day.label)
                    + (day.intervalWidened ? " · few past errors: interval widened" : "")
            } else {
                "needs \(ForecastEngine.minimumHistory)h (have \(r.history.count)h)"
            }
            let exceeded = r.exceedsAt.map { when(ctx.state.now, $0) }
                ?? r.mayExceedAt.map { "p95 " + when(ctx.state.now, $0) }
                ?? (r.forecast == nil || r.limit == nil ? "—" : "not in 30 d")
            // The time shown: the mean's crossing, else the interval top's; "not in 30 d" sorts after every date.
            let exceededKey: SortKey = (r.exceedsAt ?? r.mayExceedAt).map { .time($0) }
                ?? (r.forecast == nil || r.limit == nil ? .missing : .time(.infinity))
            let first = r.mayExceedAt ?? r.exceedsAt
            let near = first.map { $0 - ctx.state.now < 7 * 86_400 } ?? false
            let coverage = day.flatMap { $0.coverage.isFinite ? $0.coverage : nil }
            return ListRow(id: r.id, [
                .text(r.name), gpus(r.now, nil), gpus(r.limit, .muted),
                gpus(r.week, nil), gpus(r.month, nil), gpus(r.monthHigh, .muted),
                ListField(TableCell(exceeded, role: first == nil ? nil : near && r.exceedsAt != nil ? .critical : .warn), exceededKey),
                .text(model, role: day == nil || day?.isNaive == true ? .muted : nil),
                ListField(TableCell(day.map { Format.number($0.mase, digits: 2) } ?? "—"), .number(ifKnown: day?.mase)),
                ListField(TableCell(coverage.map { Format.number(100 * $0, digits: 0) + "%" } ?? "—"), .number(ifKnown: coverage)),
                ListField(TableCell(QueuesPane.depthSparkline(r.history.suffix(48).map { Int(saturating: $0.rounded()) }), role: .sparkline),
                          .number(ifKnown: r.history.last)),
            ])
        }
        return ListSort.apply(ui.sort[.forecast], to: Rows.filter(all, by: ui.filters[.forecast], text: \.searchText), columns: columns)
    }

    /// "now", or "in 4d (11-09)": how soon, and the UTC date.
    static func when(_ now: Double, _ t: Double) -> String {
        guard t - now > 3600 else { return "within 1h" }
        let c = UTCCalendar.components(t)
        let date = String(format: "%02d-%02d", c.month, c.day)
        return "in \(Format.duration(t - now)) (\(date))"
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let rows = rows(ui: ui, ctx: ctx)
        let empty = ctx.state.demand == nil ? "no demand history yet: the first sample is taken when a fleet hour passes"
            : "no series match"
        ListPane.draw(title: "FORECAST GPU demand vs capacity/quota · scenario: \(ui.forecastScenario.summary) (+ - a n m)",
                      columns: columns, rows: rows, total: rows.count, emptyText: empty, pane: .forecast, ui: ui,
                      into: &buffer, in: rect, theme: ctx.theme)
    }
}

extension ForecastPane: PaneDefinition {
    /// Per series: demand now, limit, forecasts under the scenario, first dates over the limit, each band's model and skill.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let list: [[String: Any]] = ForecastPane.series(ui: ui, ctx: ctx).map { r in
            [
                "series": r.id, "now_gpus": JSONValue.of(r.now, JSONNumber.measured),
                "limit_gpus": JSONValue.of(r.limit, JSONNumber.measured), "in_7d_gpus": JSONValue.of(r.week, JSONNumber.measured),
                "in_30d_gpus": JSONValue.of(r.month, JSONNumber.measured),
                "in_30d_p95_gpus": JSONValue.of(r.monthHigh, JSONNumber.measured),
                "exceeds_limit_at": JSONValue.of(r.exceedsAt, JSONNumber.seconds),
                "p95_exceeds_limit_at": JSONValue.of(r.mayExceedAt, JSONNumber.seconds),
                "history_hours": r.history.count,
                "bands": (r.forecast?.skill ?? []).map { b -> [String: Any] in
                    ["hours": b.steps, "model": b.label, "naive_is_better": b.isNaive,
                     "backtest_mase": JSONValue.of(b.mase, JSONNumber.ratio),
                     "naive_mase": JSONValue.of(b.naiveMASE, JSONNumber.ratio),
                     "coverage_95": JSONValue.of(b.coverage, JSONNumber.ratio), "interval_widened": b.intervalWidened]
                },
            ]
        }
        let s = ui.forecastScenario
        return ["pane": "forecast", "series": list,
                "scenario": ["growth_percent_30d": JSONValue.of(s.growthPercent, JSONNumber.percent), "accelerated": s.accelerated,
                             "new_model_gpus": s.newModelGPUs, "mixture_of_experts": s.mixtureOfExperts]]
    }

    /// A team's row opens its jobs; pools have no jobs list of their own.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) {
        guard id.hasPrefix("team:") else { return }
        UIController.openJobs(UIState.JobScope(team: String(id.dropFirst(5))), ui: &ui)
    }
}

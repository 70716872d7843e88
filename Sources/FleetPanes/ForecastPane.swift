import Foundation
import FleetCore
import FleetTUI

/// `:forecast` — GPU demand per pool and team from hourly history (`ForecastEngine`), against capacity or quota,
/// under a what-if scenario, with each series' backtest MASE and interval coverage (day-ahead band).
enum ForecastPane {
    static let columns = [
        TableColumn("SERIES", width: .flexible(minimum: 12, weight: 1)),
        TableColumn("NOW", width: .fixed(6), alignment: .right), TableColumn("LIMIT", width: .fixed(6), alignment: .right),
        TableColumn("+7D", width: .fixed(6), alignment: .right), TableColumn("+30D", width: .fixed(6), alignment: .right),
        TableColumn("P95 30D", width: .fixed(7), alignment: .right), TableColumn("OVER LIMIT", width: .fixed(18)),
        TableColumn("MODEL", width: .flexible(minimum: 10, weight: 1)), TableColumn("MASE", width: .fixed(5), alignment: .right),
        TableColumn("COV", width: .fixed(4), alignment: .right),
        TableColumn("LAST 48H", width: .fixed(12)),
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
        let capacity = Dictionary(grouping: s.nodes.filter { $0.state == .up }, by: \.pool).mapValues { $0.reduce(0) { $0 + $1.gpuCount } }
        let totalCapacity = Double(capacity.values.reduce(0, +))
        for (name, history) in demand.byPool.sorted(by: { $0.key < $1.key }) {
            let limit = name == DemandHistory.fleetSeries ? totalCapacity
                : s.fleet.pools.firstIndex { $0.name == name }.map { Double(capacity[$0] ?? 0) }
            rows.append(row(id: "pool:\(name)", name: name, history: history, limit: limit, demand: demand, ui: ui, now: s.now))
        }
        for (name, history) in demand.byTeam.sorted(by: { $0.key < $1.key }) {
            let team = s.org.teams.first { $0.name == name }
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
            let gpus = { (v: Double?) in v.map { Format.number($0, digits: 0) } ?? "—" }
            let day = r.forecast?.skill(upTo: 24)
            let model: String = if let day {
                day.isNaive ? "naive is better: showing naive" : day.label
            } else {
                "needs 48h (have \(r.history.count)h)"
            }
            let exceeded = r.exceedsAt.map { when(ctx.state.now, $0) }
                ?? r.mayExceedAt.map { "p95 " + when(ctx.state.now, $0) }
                ?? (r.forecast == nil || r.limit == nil ? "—" : "not in 30 d")
            let first = r.mayExceedAt ?? r.exceedsAt
            let near = first.map { $0 - ctx.state.now < 7 * 86_400 } ?? false
            return ListRow(id: r.id, cells: [
                TableCell(sanitizeForTerminal(r.name)), TableCell(gpus(r.now)), TableCell(gpus(r.limit), role: .muted),
                TableCell(gpus(r.week)), TableCell(gpus(r.month)), TableCell(gpus(r.monthHigh), role: .muted),
                TableCell(exceeded, role: first == nil ? nil : near && r.exceedsAt != nil ? .critical : .warn),
                TableCell(model, role: day == nil || day?.isNaive == true ? .muted : nil),
                TableCell(day.map { Format.number($0.mase, digits: 2) } ?? "—"),
                TableCell(day.map { $0.coverage.isFinite ? Format.number(100 * $0.coverage, digits: 0) + "%" : "—" } ?? "—"),
                TableCell(QueuesPane.depthSparkline(r.history.suffix(48).map { Int(saturating: $0.rounded()) }), role: .sparkline),
            ])
        }
        return ListSort.apply(ui.sort[.forecast], to: Rows.filter(all, by: ui.filters[.forecast], text: \.searchText))
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
    /// A team's row opens its jobs; pools have no jobs list of their own.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) {
        guard id.hasPrefix("team:") else { return }
        UIController.openJobs(UIState.JobScope(team: String(id.dropFirst(5))), ui: &ui)
    }
}

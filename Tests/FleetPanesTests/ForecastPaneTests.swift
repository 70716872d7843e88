import FleetTUI
import Foundation
import Testing
@testable import FleetCore
@testable import FleetPanes

/// `:forecast` tells a reader which series' model lost to seasonal naive, rather than hiding it behind a label.
@Suite struct ForecastPaneTests {
    /// The golden fleet with two pools' hourly demand: the day-ahead band of `naive-pool` chose seasonal naive, the
    /// one of `ets-pool` a smoothing model.
    static func context() throws -> FrameContext {
        var s = GoldenFrameTests.state
        var demand = DemandHistory()
        for hour in 0..<72 {
            // `new-pool` appears 30 hours before the end: too little history to forecast.
            let pools = ["naive-pool": Double(10 + hour % 24), "ets-pool": 20].merging(hour >= 42 ? ["new-pool": 4] : [:]) { $1 }
            demand.sample(pools: pools, teams: [:], hour: 1000 + hour)
        }
        let points = Array(repeating: ForecastPoint(mean: 12, low: 10, high: 14), count: DemandHistory.horizon)
        func forecast(dayAhead: ForecastMethod, mase: Double, widened: Bool = false) -> DemandForecast {
            DemandForecast(historyHours: 72, points: points, skill: [
                ForecastSkill(steps: 1, method: .ets(trend: .none, period: 24), mase: 0.4, naiveMASE: 0.7, coverage: 0.96),
                ForecastSkill(steps: 24, method: dayAhead, mase: mase, naiveMASE: 0.87, coverage: widened ? .nan : 0.93,
                              intervalWidened: widened),
            ])
        }
        demand.forecasts = ["pool:naive-pool": forecast(dayAhead: .seasonalNaive(period: 24), mase: 0.87),
                            "pool:ets-pool": forecast(dayAhead: .ets(trend: .damped, period: 24), mase: 0.61, widened: true)]
        s.demand = demand
        let base = try GoldenFrameTests.context(theme: "default")
        return FrameContext(state: s, kpis: FleetKPIs.derive(from: s, wallNow: s.now), theme: base.theme, wallNow: s.now,
                            role: "writer", readOnly: false, simulationSpeed: 30, notice: nil)
    }

    @Test("a series whose day-ahead model is seasonal naive reads 'naive is better: showing naive' with naive's MASE")
    func naiveIsBetter() throws {
        let ctx = try Self.context()
        let rows = ForecastPane.rows(ui: UIState(), ctx: ctx)
        let naive = try #require(rows.first { $0.id == "pool:naive-pool" }).cells.map(\.text)
        let ets = try #require(rows.first { $0.id == "pool:ets-pool" }).cells.map(\.text)
        #expect(naive.contains("naive is better: showing naive"))
        #expect(naive.contains("0.87") && naive.contains("93%"))
        #expect(!ets.contains("naive is better: showing naive"))
        #expect(ets.contains("ETS damped+24 · few past errors: interval widened") && ets.contains("0.61"))
        // Coverage that could not be checked is not shown as a number.
        #expect(!ets.contains { $0.hasSuffix("%") })
        let json = PaneSnapshot.json(pane: .forecast, ui: UIState(), ctx: ctx)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let series = try #require(object["series"] as? [[String: Any]])
        let bands = try #require(series.first { $0["series"] as? String == "pool:naive-pool" }?["bands"] as? [[String: Any]])
        #expect(bands.map { $0["naive_is_better"] as? Bool } == [false, true])
        #expect(bands.map { $0["model"] as? String } == ["ETS level+24", "snaive 24"])
    }

    @Test("a series with too little history says how much it needs and has, and shows no forecast figures")
    func tooLittleHistory() throws {
        let rows = ForecastPane.rows(ui: UIState(), ctx: try Self.context())
        let new = try #require(rows.first { $0.id == "pool:new-pool" }).cells.map(\.text)
        #expect(new.contains("needs \(ForecastEngine.minimumHistory)h (have 30h)"))
        #expect(new.filter { $0 == "—" }.count >= 5, "\(new)")
    }
}

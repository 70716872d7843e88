/// Hourly GPU demand (allocated + pending GPUs) per pool and per team, the last eight weeks, and the forecasts
/// refitted from it every fleet hour.
public struct DemandHistory: Codable, Sendable, Hashable {
    /// Hours of history kept.
    public static let depth = 24 * 7 * 8
    /// Hours forecast.
    public static let horizon = 24 * 30
    /// The pool-table name of the whole fleet's demand (GPUs held plus GPUs asked for by pending jobs).
    public static let fleetSeries = "(all pools + queued)"
    /// Teams forecast each hour: the ones with the most demand now (fitting is ~3 ms a series).
    public static let forecastTeams = 50
    /// Fleet hour (hours since the epoch) of the newest sample.
    public internal(set) var lastHour: Int?
    public internal(set) var byPool: [String: [Double]] = [:]
    public internal(set) var byTeam: [String: [Double]] = [:]
    /// Forecasts by series name (`pool:NAME`, `team:NAME`), refitted every hour; absent while history is short.
    public internal(set) var forecasts: [String: DemandForecast] = [:]

    /// Records one hour's demand; hours the clock jumped over repeat it (nothing changed in between).
    mutating func sample(pools: [String: Double], teams: [String: Double], hour: Int) {
        let copies = SampleSeries.copies(step: hour, after: lastHour, depth: Self.depth)
        lastHour = hour
        SampleSeries.append(pools, copies: copies, depth: Self.depth, dropIdle: false, to: &byPool)
        SampleSeries.append(teams, copies: copies, depth: Self.depth, dropIdle: false, to: &byTeam)
    }

    /// Refits every series with at least two days of history: weekly seasonality once two weeks exist, else daily.
    mutating func refit() {
        var out: [String: DemandForecast] = [:]
        let busiest = Set(byTeam.sorted { ($0.value.last ?? 0, $1.key) > ($1.value.last ?? 0, $0.key) }
            .prefix(Self.forecastTeams).map(\.key))
        for (prefix, table) in [("pool", byPool), ("team", byTeam.filter { busiest.contains($0.key) })] {
            for (name, series) in table {
                let period = series.count >= 2 * 168 + 2 ? 168 : 24
                let key = "\(prefix):\(name)"
                let previous = forecasts[key].map {
                    HoltWinters(alpha: $0.alpha, beta: $0.beta, gamma: $0.gamma, phi: 1, period: $0.period)
                }
                guard let model = HoltWinters.fit(series, period: period, previous: previous) else { continue }
                out[key] = DemandForecast(period: period, historyHours: series.count,
                                                          points: model.forecast(Self.horizon), mase: model.inSampleMASE,
                                                          alpha: model.alpha, beta: model.beta, gamma: model.gamma)
            }
        }
        forecasts = out
    }
}

/// A fitted demand forecast: hourly points with 95 % intervals, and how well the model fits its history.
public struct DemandForecast: Codable, Sendable, Hashable {
    /// Seasonal period in hours (24 or 168).
    public var period: Int
    public var historyHours: Int
    public var points: [ForecastPoint]
    /// One-step-ahead in-sample MASE against the seasonal-naive forecast.
    public var mase: Double
    public var alpha: Double
    public var beta: Double
    public var gamma: Double
}

/// Hourly GPU demand (allocated + pending GPUs) per pool and per team, the last eight weeks, and the forecasts
/// refitted from it every fleet hour.
public struct DemandHistory: Codable, Sendable, Hashable {
    /// Hours of history kept.
    public static let depth = 24 * 7 * 8
    /// Hours forecast.
    public static let horizon = 24 * 30
    /// The pool-table name of the whole fleet's demand (GPUs held plus GPUs asked for by pending jobs).
    public static let fleetSeries = "(all pools + queued)"
    /// Teams forecast each hour: the ones with the most demand now (a refit is ~2 ms a series, release build).
    public static let forecastTeams = 50
    /// Fleet hour (hours since the epoch) of the newest sample.
    public internal(set) var lastHour: Int?
    public internal(set) var byPool: [String: [Double]] = [:]
    public internal(set) var byTeam: [String: [Double]] = [:]
    /// Forecasts by series name (`pool:NAME`, `team:NAME`), refitted every hour; absent while history is short.
    public internal(set) var forecasts: [String: DemandForecast] = [:]

    init() {}

    /// Forecasts saved in an older shape are dropped (the next fleet hour refits them); the history is kept.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lastHour = try c.decodeIfPresent(Int.self, forKey: .lastHour)
        byPool = try c.decode([String: [Double]].self, forKey: .byPool)
        byTeam = try c.decode([String: [Double]].self, forKey: .byTeam)
        forecasts = (try? c.decode([String: DemandForecast].self, forKey: .forecasts)) ?? [:]
    }

    /// Records one hour's demand; hours the clock jumped over repeat it (nothing changed in between).
    mutating func sample(pools: [String: Double], teams: [String: Double], hour: Int) {
        let copies = SampleSeries.copies(step: hour, after: lastHour, depth: Self.depth)
        lastHour = hour
        SampleSeries.append(pools, copies: copies, depth: Self.depth, dropIdle: false, to: &byPool)
        SampleSeries.append(teams, copies: copies, depth: Self.depth, dropIdle: false, to: &byTeam)
    }

    /// Refits every series with `ForecastEngine.minimumHistory` hours or more (it chooses the model per horizon band).
    mutating func refit() {
        var out: [String: DemandForecast] = [:]
        let busiest = Set(byTeam.sorted { ($0.value.last ?? 0, $1.key) > ($1.value.last ?? 0, $0.key) }
            .prefix(Self.forecastTeams).map(\.key))
        for (prefix, table) in [("pool", byPool), ("team", byTeam.filter { busiest.contains($0.key) })] {
            for (name, series) in table {
                guard let f = ForecastEngine.forecast(series, horizon: Self.horizon) else { continue }
                out["\(prefix):\(name)"] = DemandForecast(historyHours: series.count, points: f.points, skill: f.skill)
            }
        }
        forecasts = out
    }
}

/// A demand forecast: hourly points with calibrated 95 % intervals, and how its models did on the history.
public struct DemandForecast: Codable, Sendable, Hashable {
    public var historyHours: Int
    public var points: [ForecastPoint]
    /// Per horizon band (1 h, 2 h, 24 h, 168 h): the model used and its backtest MASE and interval coverage.
    public var skill: [ForecastSkill]

    /// The skill at the longest band up to `hours` (the 24 h one for a day-ahead figure).
    public func skill(upTo hours: Int) -> ForecastSkill? { skill.last { $0.steps <= hours } ?? skill.first }

    /// Fleet hours ahead (1-based) the points first exceed `limit`: by the mean, and by the interval's top.
    public func firstCrossing(of limit: Double, _ value: (Int, KeyPath<ForecastPoint, Double>) -> Double?) -> (mean: Int?, high: Int?) {
        var mean: Int?, high: Int?
        for h in 1...max(1, points.count) {
            if high == nil, let v = value(h, \.high), v > limit { high = h }
            if let v = value(h, \.mean), v > limit {
                mean = h
                break
            }
        }
        return (mean, high ?? mean)
    }
}

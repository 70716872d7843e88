/// Chooses and fits a forecast for one demand series: every candidate (naive, seasonal naive, additive exponential
/// smoothing with no/linear/damped trend and no/daily/weekly season) runs over the history, each horizon band gets
/// the candidate whose forecasts made before their targets were seen erred least at that band's horizon, and the
/// 95 % interval is the empirical 2.5–97.5 % quantiles of those errors, per horizon.
///
/// Written by hand rather than with a forecasting library: it refits every fleet hour for hundreds of series inside
/// the reducer (~2 ms a series), FleetCore imports nothing but the standard library, and the models are a few
/// dozen lines each. Seasonal naive is a candidate, so on its own history the engine is never worse than it.
public enum ForecastEngine {
    /// Horizons (steps) that choose the model for each band: a band runs up to the next one's start.
    public static let bandHorizons = [1, 24, 168]
    /// Horizons (steps) whose error quantiles are measured; others are interpolated (beyond the last, √h-scaled).
    static let calibrationHorizons = [1, 2, 3, 6, 12, 24, 48, 96, 168, 336, 720]
    /// Fewest errors a horizon needs to be chosen on or calibrated from.
    static let minimumErrors = 24

    /// The forecast of the next `horizon` steps of `y` with seasons of `seasons` steps, or nil when `y` is shorter
    /// than two days' worth of steps (48).
    public static func forecast(_ y: [Double], horizon: Int, seasons: [Int] = [24, 168],
                                candidates only: [ForecastMethod]? = nil) -> EngineForecast? {
        guard y.count >= 48, horizon >= 1 else { return nil }
        let usable = seasons.filter { y.count >= 3 * $0 + 2 * minimumErrors }
        var methods = only ?? candidates(seasons: usable)
        // Every candidate is scored from the same origin on, after the longest warm-up.
        methods = methods.filter { y.count >= 2 * $0.warmup + 2 * minimumErrors }
        guard !methods.isEmpty else { return nil }
        let from = 2 * (methods.map(\.warmup).max() ?? 1)
        let bands = bandHorizons.filter { from + $0 + minimumErrors <= y.count }
        // One pass per candidate scores it at every band's horizon.
        let scored: [(model: Smoother, mae: [Double])] = fit(methods, to: y).map { fitted in
            var model = fitted, track = Smoother.Track(horizons: bands, from: from)
            model.run(y, track: &track)
            return (model, track.errors.map(Accuracy.meanAbsolute))
        }
        let scale = Accuracy.naiveScale(y, period: usable.first ?? 1)
        var chosen: [Smoother] = []
        var skill: [ForecastSkill] = []
        for (band, h) in bands.enumerated() {
            // Ties keep the earlier candidate: the naive ones come first.
            guard let best = scored.min(by: { $0.mae[band] < $1.mae[band] }) else { continue }
            let naive = scored.filter { $0.model.method.isNaive }.map { $0.mae[band] }.min() ?? .nan
            chosen.append(best.model)
            skill.append(ForecastSkill(steps: h, method: best.model.method, mase: best.mae[band] / scale,
                                       naiveMASE: naive / scale, coverage: .nan))
        }
        guard !chosen.isEmpty else { return nil }
        var points: [ForecastPoint] = []
        points.reserveCapacity(horizon)
        var calibrations: [ForecastMethod: Calibration] = [:]
        for (band, model) in chosen.enumerated() {
            let calibration = calibrations[model.method] ?? Calibration(model, y, from: from)
            calibrations[model.method] = calibration
            skill[band].coverage = calibration.coverage(at: bands[band])
            let end = band + 1 < bands.count ? min(horizon, bands[band + 1] - 1) : horizon
            guard points.count < end else { continue }
            for h in (points.count + 1)...end {
                let mean = max(0, model.ahead(h))
                let (low, high) = calibration.quantiles(at: h)
                points.append(ForecastPoint(mean: mean, low: max(0, mean + low), high: max(0, mean + high)))
            }
        }
        return EngineForecast(points: points, skill: skill, historySteps: y.count)
    }

    /// Naive, seasonal naive per season, and exponential smoothing: level, trend (linear, damped), and each season
    /// with no or a damped trend.
    static func candidates(seasons: [Int]) -> [ForecastMethod] {
        var out: [ForecastMethod] = seasons.map { .seasonalNaive(period: $0) } + [.naive]
        out += [.ets(trend: .none, period: 0), .ets(trend: .linear, period: 0), .ets(trend: .damped, period: 0)]
        for m in seasons { out += [.ets(trend: .none, period: m), .ets(trend: .damped, period: m)] }
        return out
    }
}

/// A chosen forecast: points with calibrated 95 % intervals, and how each horizon band's model did on the history.
public struct EngineForecast: Sendable, Hashable {
    public var points: [ForecastPoint]
    public var skill: [ForecastSkill]
    public var historySteps: Int
}

/// How the model chosen for one horizon band did on the series' own history.
public struct ForecastSkill: Codable, Sendable, Hashable {
    /// The band's horizon in steps (hours for demand).
    public var steps: Int
    public var method: ForecastMethod
    /// Mean absolute error at `steps` over the in-sample seasonal-naive one-step error.
    public var mase: Double
    /// The same for the best naive method (equal to `mase` when a naive method was chosen).
    public var naiveMASE: Double
    /// Share of the last third of the history inside intervals calibrated on the first two thirds.
    public var coverage: Double
}

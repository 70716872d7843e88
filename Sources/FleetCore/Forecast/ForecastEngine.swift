/// Chooses and fits a forecast for one demand series: every candidate (naive, seasonal naive, seasonal drift,
/// additive exponential smoothing with no/linear/damped trend and no/daily/weekly season) runs over the history,
/// each horizon band gets the candidate, or the mean of the best two or three, whose forecasts made before their
/// targets were seen erred least over that band's horizons, and the 95 % interval is calibrated from those errors
/// per horizon (`Calibration`: weighted split-conformal quantiles).
///
/// Written by hand rather than with a forecasting library: it refits every fleet hour for hundreds of series inside
/// the reducer (~2 ms a series), FleetCore imports nothing but the standard library, and the models are a few
/// dozen lines each. Seasonal naive is a candidate, so on its own history the engine is never worse than it.
public enum ForecastEngine {
    /// A run of forecast steps from `first` to the next band's first, and the horizons whose errors choose its
    /// forecaster: spread over the band, as a horizon's accuracy pools every step up to it.
    struct Band {
        let first: Int
        let scoring: [Int]
    }

    /// The next hour, the rest of the day, the rest of the week, and beyond.
    static let bands = [Band(first: 1, scoring: [1]), Band(first: 2, scoring: [2, 3, 6, 12]),
                        Band(first: 24, scoring: [24, 48, 96, 144]), Band(first: 168, scoring: [168, 336, 720])]
    /// Horizons (steps) whose errors are tracked: the bands' scoring ones, which also calibrate the intervals
    /// (others are interpolated; beyond the last, √h-scaled).
    static let trackedHorizons = Array(Set(bands.flatMap(\.scoring))).sorted()
    /// Fewest errors a horizon needs to be chosen on or calibrated from.
    static let minimumErrors = 24
    /// Fewest steps of history a series needs to be forecast: the naive candidate's warm-up, and `minimumErrors`
    /// errors to choose on after the two steps every candidate's scoring starts from.
    public static let minimumHistory = 2 + 2 * minimumErrors

    /// The forecast of the next `horizon` steps of `y` with seasons of `seasons` steps, or nil when `y` is shorter
    /// than `minimumHistory`.
    public static func forecast(_ y: [Double], horizon: Int, seasons: [Int] = [24, 168],
                                candidates only: [ForecastMethod]? = nil) -> EngineForecast? {
        guard y.count >= minimumHistory, horizon >= 1 else { return nil }
        let usable = seasons.filter { y.count >= 3 * $0 + 2 * minimumErrors }
        var methods = only ?? candidates(seasons: usable)
        // Every candidate is scored from the same origin on, after the longest warm-up.
        methods = methods.filter { y.count >= 2 * $0.warmup + 2 * minimumErrors }
        guard !methods.isEmpty else { return nil }
        let from = 2 * (methods.map(\.warmup).max() ?? 1)
        let tracked = trackedHorizons.filter { from + $0 + minimumErrors <= y.count }
        // One pass per candidate tracks its errors at every tracked horizon.
        var models = fit(methods, to: y)
        let errors: [[[Double]]] = models.indices.map { i in
            var track = Smoother.Track(horizons: tracked, from: from)
            models[i].run(y, track: &track)
            return track.errors
        }
        let scale = Accuracy.naiveScale(y, period: usable.first ?? 1)
        let naive = methods.indices.filter { methods[$0].isNaive }
        var chosen: [(band: Band, scoring: [Int], blend: Blend)] = []
        for band in bands {
            let scoring = band.scoring.compactMap { tracked.firstIndex(of: $0) }
            // On a short history a band is scored on the horizons it allows, and dropped when it allows none.
            guard !scoring.isEmpty, let blend = Blend.best(of: errors, scoring: scoring) else { continue }
            chosen.append((band, scoring, blend))
        }
        guard !chosen.isEmpty else { return nil }
        // Each member's forecasts, once: the bands' blends share members.
        let used = Set(chosen.flatMap { $0.blend.members })
        let paths = models.indices.map { used.contains($0) ? models[$0].path(horizon) : [] }
        var points: [ForecastPoint] = []
        points.reserveCapacity(horizon)
        var skill: [ForecastSkill] = []
        for (i, choice) in chosen.enumerated() {
            let last = i + 1 < chosen.count ? chosen[i + 1].band.first - 1 : max(horizon, choice.band.first)
            let calibration = Calibration(horizons: tracked, errors: choice.blend.errors, steps: choice.band.first...last,
                                          checked: choice.scoring.map { tracked[$0] })
            func mase(_ e: [[Double]]) -> Double {
                choice.scoring.map { Accuracy.meanAbsolute(e[$0]) }.reduce(0, +) / Double(choice.scoring.count) / scale
            }
            let members = choice.blend.members.map { methods[$0] }
            skill.append(ForecastSkill(steps: choice.band.first, method: members[0], blended: Array(members.dropFirst()),
                                       mase: mase(choice.blend.errors), naiveMASE: naive.map { mase(errors[$0]) }.min() ?? .nan,
                                       coverage: calibration.coverage, intervalWidened: calibration.isWidened))
            guard points.count < min(horizon, last) else { continue }
            for h in (points.count + 1)...min(horizon, last) {
                let mean = choice.blend.members.reduce(0) { $0 + max(0, paths[$1][h - 1]) } / Double(members.count)
                let (low, high) = calibration.quantiles(at: h)
                points.append(ForecastPoint(mean: mean, low: max(0, mean + low), high: max(0, mean + high)))
            }
        }
        return EngineForecast(points: points, skill: skill, historySteps: y.count)
    }

    /// Naive, seasonal naive and seasonal drift per season, and exponential smoothing: level, trend (linear, damped),
    /// and each season with no or a damped trend.
    static func candidates(seasons: [Int]) -> [ForecastMethod] {
        var out: [ForecastMethod] = seasons.map { .seasonalNaive(period: $0) } + [.naive] + seasons.map { .seasonalDrift(period: $0) }
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

/// How the forecaster chosen for one horizon band did on the series' own history.
public struct ForecastSkill: Codable, Sendable, Hashable {
    /// The band's first step (hours for demand).
    public var steps: Int
    /// The best single method; the band forecasts with it alone or with the mean of it and `blended`.
    public var method: ForecastMethod
    /// The other methods averaged with `method` (empty when it forecasts alone).
    public var blended: [ForecastMethod]
    /// Mean absolute error over the band's horizons, over the in-sample seasonal-naive one-step error.
    public var mase: Double
    /// The same for the best naive method (equal to `mase` when a naive method was chosen).
    public var naiveMASE: Double
    /// Share of the past errors of the last third of the history, at the band's horizons, inside intervals
    /// calibrated only on errors seen before them (NaN when there were too few to check).
    public var coverage: Double
    /// Whether too few past errors existed for a calibrated interval: it is the extreme errors seen, widened.
    public var intervalWidened: Bool

    /// A band's skill; `blended` lists the methods averaged with `method`, if any.
    public init(steps: Int, method: ForecastMethod, blended: [ForecastMethod] = [], mase: Double, naiveMASE: Double,
                coverage: Double, intervalWidened: Bool = false) {
        self.steps = steps
        self.method = method
        self.blended = blended
        self.mase = mase
        self.naiveMASE = naiveMASE
        self.coverage = coverage
        self.intervalWidened = intervalWidened
    }

    /// Whether the band forecasts with a naive method alone.
    public var isNaive: Bool { blended.isEmpty && method.isNaive }

    /// "ETS damped+168", or "mean: ETS damped+168, snaive 24" for a blend.
    public var label: String {
        blended.isEmpty ? method.label : "mean: " + ([method] + blended).map(\.label).joined(separator: ", ")
    }
}

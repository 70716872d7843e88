/// Additive Holt-Winters (ETS(A,Ad,A)): level, damped trend and one seasonal cycle, parameters fitted by
/// minimising the one-step-ahead squared error with Nelder-Mead.
///
/// Written by hand: it is a few dozen lines, runs on every forecast refresh for every pool and team, and a
/// generic optimisation package would be larger than the model. Damping keeps a month-long horizon from
/// extrapolating a short-term slope forever.
public struct HoltWinters: Sendable, Hashable {
    public var alpha: Double
    public var beta: Double
    public var gamma: Double
    /// Trend damping (1 = undamped).
    public var phi: Double
    public let period: Int
    /// State after the last observation.
    public private(set) var level = 0.0
    public private(set) var trend = 0.0
    public private(set) var seasonals: [Double] = []
    /// Standard deviation of the one-step-ahead errors.
    public private(set) var sigma = 0.0
    /// In-sample mean absolute seasonal-naive error (the MASE scale).
    public private(set) var naiveScale = 0.0
    /// Observations fitted.
    public private(set) var count = 0
    /// One-step-ahead in-sample MASE (mean absolute error over the seasonal-naive one).
    public private(set) var inSampleMASE = Double.nan

    /// Fits a model of seasonal `period` to `series` (at least two periods long), or nil when too short; `damped`
    /// also fits the trend damping, otherwise the trend is linear like statsmodels' `trend="add"`.
    /// `previous` (the last fit of the same series) warm-starts the search: an hourly refit then takes a few dozen
    /// evaluations instead of hundreds.
    public static func fit(_ series: [Double], period: Int, damped: Bool = false, previous: HoltWinters? = nil) -> HoltWinters? {
        guard period >= 1, series.count >= 2 * period + 2 else { return nil }
        // Parameters live in (0,1) through a smooth sigmoid so the simplex search is unconstrained.
        func squash(_ x: Double) -> Double { 0.5 + 0.5 * x / (1 + abs(x)) }
        func model(_ p: [Double]) -> HoltWinters {
            HoltWinters(alpha: squash(p[0]), beta: squash(p[1]) * squash(p[0]), gamma: squash(p[2]) * (1 - squash(p[0])),
                        phi: damped ? 0.8 + 0.2 * squash(p[3]) : 1, period: period)
        }
        func unsquash(_ s: Double) -> Double {
            let y = min(0.999, max(-0.999, 2 * s - 1))
            return y / (1 - abs(y))
        }
        var start: [Double] = damped ? [0, -2, -2, 2] : [0, -2, -2]
        var step = 1.0, iterations = 300
        if let p = previous, p.period == period, p.alpha > 0, p.alpha < 1 {
            start = [unsquash(p.alpha), unsquash(p.beta / p.alpha), unsquash(p.gamma / (1 - p.alpha))]
            if damped { start.append(unsquash((p.phi - 0.8) / 0.2)) }
            step = 0.3
            iterations = 60
        }
        let best = NelderMead.minimise(start: start, step: step, iterations: iterations) { p in
            var m = model(p)
            return m.run(series)
        }
        var fitted = model(best)
        _ = fitted.run(series)
        return fitted
    }

    /// A model with given parameters, not yet run.
    public init(alpha: Double, beta: Double, gamma: Double, phi: Double, period: Int) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.phi = phi
        self.period = period
    }

    /// Runs the smoothing over `series` from a heuristic start; returns the sum of squared one-step errors.
    @discardableResult
    public mutating func run(_ series: [Double]) -> Double {
        let m = period
        let first = series[0..<m].reduce(0, +) / Double(m)
        let last = series[(series.count - m)...].reduce(0, +) / Double(m)
        level = first
        // The slope between the first and last seasons: robust where one season's difference is mostly noise.
        trend = (last - first) / Double(series.count - m)
        seasonals = (0..<m).map { series[$0] - first }
        var sse = 0.0, absolute = 0.0
        var naive = 0.0
        for t in m..<series.count {
            let s = seasonals[t % m]
            let predicted = level + phi * trend + s
            let error = series[t] - predicted
            sse += error * error
            absolute += abs(error)
            naive += abs(series[t] - series[t - m])
            let previousLevel = level
            level = alpha * (series[t] - s) + (1 - alpha) * (level + phi * trend)
            trend = beta * (level - previousLevel) + (1 - beta) * phi * trend
            seasonals[t % m] = gamma * (series[t] - level) + (1 - gamma) * s
        }
        let n = Double(series.count - m)
        sigma = (sse / max(1, n - 4)).squareRoot()
        naiveScale = naive / max(1, n)
        inSampleMASE = naiveScale > 0 ? absolute / max(1, n) / naiveScale : .nan
        count = series.count
        return sse.isFinite ? sse : .infinity
    }

    /// The next `horizon` values, each with a 95 % prediction interval.
    public func forecast(_ horizon: Int) -> [ForecastPoint] {
        var out: [ForecastPoint] = []
        out.reserveCapacity(horizon)
        var damp = 0.0, phiPower = 1.0
        var variance = 0.0
        for h in 1...max(1, horizon) {
            phiPower *= phi
            damp += phiPower
            let season = seasonals[(count + h - 1) % period]
            let mean = level + damp * trend + season
            let width = 1.96 * sigma * (1 + variance).squareRoot()
            out.append(ForecastPoint(mean: mean, low: mean - width, high: mean + width))
            // Error of a step j ahead carries α + αβ·Σφ^i, plus γ once a season has passed (ETS(A,Ad,A)).
            let c = alpha * (1 + beta * damp) + (h % period == 0 ? gamma : 0)
            variance += c * c
        }
        return out
    }

    /// Mean absolute scaled error of `forecast` against `actual` (in-sample seasonal-naive scale).
    public func mase(forecast: [Double], actual: [Double]) -> Double {
        let n = min(forecast.count, actual.count)
        guard n > 0, naiveScale > 0 else { return .nan }
        return zip(forecast.prefix(n), actual.prefix(n)).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(n) / naiveScale
    }
}

/// One forecast value with its 95 % prediction interval.
public struct ForecastPoint: Codable, Sendable, Hashable {
    public var mean: Double
    public var low: Double
    public var high: Double
    public init(mean: Double, low: Double, high: Double) {
        self.mean = mean
        self.low = low
        self.high = high
    }
}

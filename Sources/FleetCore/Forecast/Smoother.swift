/// One pass of a `ForecastMethod` over a series: the one-step squared error (what parameters are fitted on), the
/// state after the last observation, and optionally the error of the forecast made at every origin for a few
/// horizons (what models are chosen on and intervals calibrated from: each is made before its target is seen).
struct Smoother {
    let method: ForecastMethod
    var alpha = 0.5, beta = 0.0, gamma = 0.0
    /// Trend damping (1 for a linear trend, unused without one).
    var phi = 1.0
    private(set) var level = 0.0
    private(set) var trend = 0.0
    private(set) var seasonals: [Double] = []
    /// The last `warmup` observations, `y[j]` at `j % warmup` (what the naive methods repeat).
    private(set) var tail: [Double] = []
    /// Observations seen.
    private(set) var count = 0

    /// Errors `actual - forecast` by horizon, for origins `from, from + 1, …` while the target is inside the series.
    struct Track {
        let horizons: [Int]
        let from: Int
        var errors: [[Double]]
        init(horizons: [Int], from: Int) {
            self.horizons = horizons
            self.from = from
            errors = horizons.map { _ in [] }
        }
    }

    init(method: ForecastMethod) { self.method = method }

    /// A level shift is taken as real after this many consecutive same-sign errors over `shiftThreshold` × the
    /// running mean absolute error: the level re-initialises there instead of creeping towards it over days.
    static let shiftRun = 3
    static let shiftThreshold = 5.0

    /// Runs over `y`; returns the sum of squared one-step errors (infinite when not finite).
    @discardableResult
    mutating func run(_ y: [Double], track: inout Track) -> Double {
        let n = y.count, m = method.period, start = method.warmup
        guard n > start else { return .infinity }
        initialise(y)
        let damps = track.horizons.map(dampSum)
        var sse = 0.0, scale = 0.0, run = 0, runSign = 1.0
        for t in start..<n {
            let e = y[t] - oneStep()
            sse += e * e
            if case .ets = method {
                let s = m > 0 ? seasonals[t % m] : 0
                let floor = 1e-3 * (abs(level) + 1)
                let big = t > start && abs(e) > Self.shiftThreshold * max(scale, floor)
                let sign: Double = e < 0 ? -1 : 1
                run = big ? (run > 0 && sign == runSign ? run + 1 : 1) : 0
                runSign = sign
                scale = t == start ? abs(e) : 0.95 * scale + 0.05 * min(abs(e), Self.shiftThreshold * max(scale, floor))
                if run >= Self.shiftRun {
                    level = y[t] - s
                    trend = 0
                    run = 0
                } else {
                    let previous = level
                    level = alpha * (y[t] - s) + (1 - alpha) * (level + phi * trend)
                    trend = beta * (level - previous) + (1 - beta) * phi * trend
                    if m > 0 { seasonals[t % m] = gamma * (y[t] - level) + (1 - gamma) * s }
                }
            }
            tail[t % tail.count] = y[t]
            count = t + 1
            if t >= track.from {
                for (i, h) in track.horizons.enumerated() where t + h < n {
                    track.errors[i].append(y[t + h] - max(0, ahead(h, damp: damps[i])))
                }
            }
        }
        return sse.isFinite ? sse : .infinity
    }

    /// The forecast `h` steps after the last observation (before clamping at zero).
    func ahead(_ h: Int) -> Double { ahead(h, damp: dampSum(h)) }

    private func ahead(_ h: Int, damp: Double) -> Double {
        switch method {
        case .naive: return tail[(count - 1) % tail.count]
        case .seasonalNaive(let m): return tail[(count - m + (h - 1) % m) % m]
        case .ets(_, let m): return level + damp * trend + (m > 0 ? seasonals[(count + h - 1) % m] : 0)
        }
    }

    private func oneStep() -> Double { ahead(1, damp: phi) }

    /// φ + φ² + … + φ^h: how much of the trend `h` steps carry.
    private func dampSum(_ h: Int) -> Double {
        guard case .ets(let t, _) = method, t != .none else { return 0 }
        if phi == 1 { return Double(h) }
        var sum = 0.0, power = 1.0
        for _ in 0..<h {
            power *= phi
            sum += power
        }
        return sum
    }

    private mutating func initialise(_ y: [Double]) {
        let m = method.period, start = method.warmup
        tail = Array(y[0..<start])
        count = start
        guard case .ets(let t, _) = method else { return }
        if m > 0 {
            level = y[0..<m].reduce(0, +) / Double(m)
            seasonals = y[0..<m].map { $0 - level }
            trend = t != .none && y.count >= 2 * m ? (y[m..<2 * m].reduce(0, +) / Double(m) - level) / Double(m) : 0
        } else {
            level = y[0]
            trend = 0
        }
    }
}

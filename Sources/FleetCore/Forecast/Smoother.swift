/// One pass of a `ForecastMethod` over a series: the one-step squared error (what parameters are fitted on), the
/// state after the last observation, and optionally the error of the forecast made at every origin for a few
/// horizons (what models are chosen on and intervals calibrated from: each is made before its target is seen).
///
/// The pass is the engine's hot loop (a refit runs it ~100 times per series): it walks raw buffers and keeps the
/// season index as a wrapping counter, because bounds checks and an integer division per step cost more than the
/// smoothing arithmetic itself.
struct Smoother {
    let method: ForecastMethod
    var alpha = 0.5, beta = 0.0, gamma = 0.0
    /// Trend damping (1 for a linear trend, unused without one).
    var phi = 1.0
    /// The level (seasonal drift: the last value).
    private(set) var level = 0.0
    /// The trend per step (seasonal drift: the mean change per season).
    private(set) var trend = 0.0
    /// Seasonal terms, the one of step `t` at `t % period` (seasonal drift: the mean change `r` steps on, at `r`).
    private(set) var seasonals: [Double] = []
    /// The last `warmup` observations, oldest first (what the naive methods repeat).
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
        let n = y.count, start = method.warmup
        guard n > start else { return .infinity }
        tail = Array(y[(n - start)...])
        count = n
        let sse: Double = switch method {
        case .ets: y.withUnsafeBufferPointer { smooth($0, track: &track) }
        case .seasonalDrift(let m): y.withUnsafeBufferPointer { drift($0, period: m, track: &track) }
        case .naive, .seasonalNaive: y.withUnsafeBufferPointer { Self.repeatLast($0, period: start, track: &track) }
        }
        return sse.isFinite ? sse : .infinity
    }

    /// Naive (period 1) and seasonal naive: the value `period` steps back.
    private static func repeatLast(_ y: UnsafeBufferPointer<Double>, period m: Int, track: inout Track) -> Double {
        let n = y.count
        var sse = 0.0
        for t in m..<n {
            let e = y[t] - y[t - m]
            sse += e * e
        }
        for (i, h) in track.horizons.enumerated() where track.from + h < n {
            let lead = (h - 1) % m
            track.errors[i] = (max(track.from, m)..<(n - h)).map { t in y[t + h] - max(0, y[t - m + 1 + lead]) }
        }
        return sse
    }

    /// Seasonal drift: the forecast made after step t, h steps ahead, is y[t] plus ⌊h / m⌋ times the mean change per
    /// season and the mean change from phase t to phase t + h over the k = ⌊t / m⌋ seasons before t. Running sums
    /// per phase make each forecast O(1); the state left is the last value, the drift, and the changes per phase.
    private mutating func drift(_ y: UnsafeBufferPointer<Double>, period m: Int, track: inout Track) -> Double {
        let n = y.count
        // sums[i] = y[i] + y[i - m] + y[i - 2m] + …: a run of same-phase values sums as a difference of two.
        var sums = [Double](repeating: 0, count: n)
        for i in 0..<n { sums[i] = y[i] + (i >= m ? sums[i - m] : 0) }
        func sum(_ i: Int) -> Double { i >= 0 ? sums[i] : 0 }
        /// Mean of y[t + r - jm] - y[t - jm] over j = 1…k.
        func change(_ t: Int, _ r: Int, _ k: Int) -> Double {
            (sum(t + r - m) - sum(t + r - (k + 1) * m) - sum(t - m) + sum(t - (k + 1) * m)) / Double(k)
        }
        /// Made after step t, `seasons` whole seasons and `phase` steps ahead, from the k = ⌊t / m⌋ seasons before.
        func forecast(_ t: Int, seasons: Double, phase: Int, k: Int) -> Double {
            y[t] + seasons * (y[t] - y[t - k * m]) / Double(k) + change(t, phase, k)
        }
        var sse = 0.0
        for t in m..<(n - 1) {
            let e = y[t + 1] - forecast(t, seasons: Double(1 / m), phase: 1 % m, k: t / m)
            sse += e * e
        }
        for (i, h) in track.horizons.enumerated() where track.from + h < n {
            let seasons = Double(h / m), phase = h % m
            track.errors[i] = (max(track.from, m)..<(n - h)).map { t in
                y[t + h] - max(0, forecast(t, seasons: seasons, phase: phase, k: t / m))
            }
        }
        let t = n - 1, k = t / m
        level = y[t]
        trend = (y[t] - y[t - k * m]) / Double(k)
        seasonals = (0..<m).map { change(t, $0, k) }
        return sse
    }

    /// Additive exponential smoothing with the level-shift reset.
    private mutating func smooth(_ y: UnsafeBufferPointer<Double>, track: inout Track) -> Double {
        let n = y.count, m = method.period, start = method.warmup
        initialise(y)
        let damps = track.horizons.map(dampSum)
        // Where each horizon's seasonal term sits from the current one, reduced once so the loop needs no division.
        let leads = track.horizons.map { m > 0 ? ($0 - 1) % m : 0 }
        // Errors go to one flat buffer, horizon after horizon (the one made after step t at t - from in its run),
        // and are split once at the end: appending to an array inside an array per step cost more than the model.
        let from = max(track.from, start), horizons = track.horizons
        let counts = horizons.map { from >= n ? 0 : max(0, n - $0 - from) }
        var offsets = [0]
        for c in counts { offsets.append((offsets.last ?? 0) + c) }
        var flat = [Double](repeating: 0, count: offsets.last ?? 0)
        let (alpha, beta, gamma, phi) = (alpha, beta, gamma, phi)
        var level = level, trend = trend
        var season = seasonals
        var sse = 0.0, scale = 0.0, run = 0, runSign = 1.0
        // While few cycles have been seen each seasonal term is the running mean of its cycles (weight 1 / cycles)
        // rather than the first cycle smoothed by a small γ: with 8 weeks of history a weekly season otherwise keeps
        // most of the first week's noise.
        var cycles = 1.0, seasonWeight = max(gamma, 0.5)
        season.withUnsafeMutableBufferPointer { s in flat.withUnsafeMutableBufferPointer { out in
            // Index of step t's seasonal term (t % m), kept without dividing.
            var si = start % max(1, m)
            for t in start..<n {
                let st = m > 0 ? s[si] : 0
                let e = y[t] - (level + phi * trend + st)
                sse += e * e
                let floor = 1e-3 * (abs(level) + 1)
                let bound = Self.shiftThreshold * max(scale, floor)
                let big = t > start && abs(e) > bound
                let sign: Double = e < 0 ? -1 : 1
                run = big ? (run > 0 && sign == runSign ? run + 1 : 1) : 0
                runSign = sign
                scale = t == start ? abs(e) : 0.95 * scale + 0.05 * min(abs(e), bound)
                if run >= Self.shiftRun {
                    level = y[t] - st
                    trend = 0
                    run = 0
                } else {
                    let previous = level
                    level = alpha * (y[t] - st) + (1 - alpha) * (level + phi * trend)
                    trend = beta * (level - previous) + (1 - beta) * phi * trend
                    if m > 0 { s[si] = seasonWeight * (y[t] - level) + (1 - seasonWeight) * st }
                }
                if m > 0 {
                    si += 1
                    if si == m {
                        si = 0
                        cycles += 1
                        seasonWeight = max(gamma, 1 / (cycles + 1))
                    }
                }
                if t >= from {
                    for i in horizons.indices where t + horizons[i] < n {
                        var j = si + leads[i]
                        if j >= m { j -= m }
                        let ahead = level + damps[i] * trend + (m > 0 ? s[j] : 0)
                        out[offsets[i] + t - from] = y[t + horizons[i]] - max(0, ahead)
                    }
                }
            }
        } }
        for i in horizons.indices { track.errors[i] = Array(flat[offsets[i]..<offsets[i + 1]]) }
        self.level = level
        self.trend = trend
        seasonals = season
        return sse
    }

    /// The forecast `h` steps after the last observation (before clamping at zero).
    func ahead(_ h: Int) -> Double {
        switch method {
        case .naive, .seasonalNaive: return tail[(h - 1) % tail.count]
        case .seasonalDrift(let m): return level + Double(h / m) * trend + seasonals[h % m]
        case .ets(_, let m): return level + dampSum(h) * trend + (m > 0 ? seasonals[(count + h - 1) % m] : 0)
        }
    }

    /// The forecasts 1…`horizon` steps after the last observation (before clamping at zero): `ahead` of each, with
    /// the damped trend's sum carried from step to step (`ahead` alone recomputes it: quadratic over 30 days).
    func path(_ horizon: Int) -> [Double] {
        guard case .ets(let t, let m) = method else { return (0..<horizon).map { ahead($0 + 1) } }
        var out: [Double] = []
        out.reserveCapacity(horizon)
        var damp = 0.0, power = 1.0
        for h in stride(from: 1, through: horizon, by: 1) {
            if t != .none {
                if phi == 1 {
                    damp = Double(h)
                } else {
                    power *= phi
                    damp += power
                }
            }
            out.append(level + damp * trend + (m > 0 ? seasonals[(count + h - 1) % m] : 0))
        }
        return out
    }

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

    private mutating func initialise(_ y: UnsafeBufferPointer<Double>) {
        guard case .ets(let t, let m) = method else { return }
        if m > 0 {
            var sum = 0.0
            for i in 0..<m { sum += y[i] }
            level = sum / Double(m)
            seasonals = (0..<m).map { y[$0] - level }
            var next = 0.0
            if t != .none && y.count >= 2 * m { for i in m..<(2 * m) { next += y[i] } }
            trend = t != .none && y.count >= 2 * m ? (next / Double(m) - level) / Double(m) : 0
        } else {
            level = y[0]
            trend = 0
        }
    }
}

import Testing
@testable import FleetCore

/// Interval calibration on synthetic series whose noise is known, so the right width and coverage are too.
@Suite("Forecast interval calibration")
struct CalibrationTests {
    private let daily = [0.0, 1, 3, 6, 8, 9, 8, 6, 3, 1, 0, -1, -2, -3, -4, -5, -5, -4, -3, -2, -1, 0, 0, 0].map { $0 * 5 }

    /// One-step interval width of a forecast fitted on `y`.
    private func width(_ y: [Double]) throws -> Double {
        let p = try #require(ForecastEngine.forecast(y, horizon: 1)?.points.first)
        return p.high - p.low
    }

    @Test("a daily season in Gaussian noise of known σ: the 95 % interval covers 90–98 % of the next day, over many origins")
    func gaussianCoverage() throws {
        // The next day only: a week ahead this series reads ~85 % (README, Forecast backtest: the engine's forecasts
        // past a day err more than the errors it calibrates from say).
        let sigma = 3.0, depth = DemandHistory.depth, day = 24
        let y = GaussianNoise.series(depth + 4 * 168, seed: 21, sigma: { _ in sigma }) { 100 + daily[$0 % 24] }
        var inside = 0, total = 0
        for origin in stride(from: depth, through: y.count - day, by: 17) {
            let f = try #require(ForecastEngine.forecast(Array(y[(origin - depth)..<origin]), horizon: day))
            for (p, actual) in zip(f.points, y[origin..<(origin + day)]) where p.low <= actual && actual <= p.high { inside += 1 }
            total += day
        }
        let share = Double(inside) / Double(total)
        #expect(share >= 0.9 && share <= 0.98, "coverage \(share) over \(total / day) origins")
        // One step ahead the model errs by about σ: the interval is near ±1.96σ, not a guess that ignores the noise.
        let w = try width(Array(y.prefix(depth)))
        #expect(abs(w - 2 * 1.96 * sigma) < 0.3 * 2 * 1.96 * sigma, "width \(w)")
    }

    @Test("when the misses grow (noise ×6 for the last three days) the interval widens within those days")
    func widensOnRegimeChange() throws {
        let calm = 24 * 7 * 7, shifted = calm + 72
        let y = GaussianNoise.series(shifted, seed: 5, sigma: { $0 < calm ? 1 : 6 }) { 100 + daily[$0 % 24] }
        let before = try width(Array(y.prefix(calm))), after = try width(y)
        #expect(after > 2.5 * before, "width \(before) → \(after)")
    }

    @Test("after a level shift the day-ahead interval is wider than on the calm history before it")
    func widensAfterLevelShift() throws {
        let calm = 24 * 7 * 7
        let y = GaussianNoise.series(calm + 48, seed: 9) { ($0 < calm ? 100 : 160) + daily[$0 % 24] }
        // The day-ahead forecasts made before the shift all missed it: those misses are recent, so they set the bound
        // (one step ahead the level resets within three steps, and those misses return to the noise).
        func dayAhead(_ y: [Double]) throws -> Double {
            let p = try #require(ForecastEngine.forecast(y, horizon: 24)?.points.last)
            return p.high - p.low
        }
        let before = try dayAhead(Array(y.prefix(calm))), after = try dayAhead(y)
        #expect(after > 1.5 * before, "width \(before) → \(after)")
    }

    @Test("when the misses shrink (noise ÷6 for the last four weeks) the interval narrows towards the new noise")
    func narrowsWhenCalm() throws {
        let loud = 24 * 7 * 4, n = loud + 24 * 7 * 4
        let y = GaussianNoise.series(n, seed: 13, sigma: { $0 < loud ? 6 : 1 }) { 100 + daily[$0 % 24] }
        let atChange = try width(Array(y.prefix(loud))), now = try width(y)
        #expect(now < 0.5 * atChange, "width \(atChange) → \(now)")
    }

    @Test("the weighted conformal bound is the smallest error whose weighted share at or below it reaches 97.5 % of all weight, the next error's included")
    func boundDefinition() {
        let errors = GaussianNoise.series(300, seed: 3) { _ in 0 }
        let ranked = Calibration.ranked(errors)
        var powers = [1.0]
        for _ in errors.indices { powers.append((powers.last ?? 1) * Calibration.retention) }
        for end in [40, 120, 300] {
            let weight = { (i: Int) in powers[end - 1 - i] }
            let total = (0..<end).reduce(1.0) { $0 + weight($1) }
            // Straight from the definition: the smallest error e with the weight of errors ≤ e at least 97.5 % of the total.
            let upper = (0..<end).map { errors[$0] }.sorted().first { e in
                (0..<end).filter { errors[$0] <= e }.reduce(0) { $0 + weight($1) } >= (1 - Calibration.tail) * total
            }
            let lower = (0..<end).map { errors[$0] }.sorted().last { e in
                (0..<end).filter { errors[$0] >= e }.reduce(0) { $0 + weight($1) } >= (1 - Calibration.tail) * total
            }
            #expect(Calibration.bound(ranked, powers, end: end, upper: true) == upper, "end \(end)")
            #expect(Calibration.bound(ranked, powers, end: end, upper: false) == lower, "end \(end)")
        }
        // 30 errors weigh under 40: the next error's weight is more than 2.5 % of the total, so no bound.
        #expect(Calibration.bound(ranked, powers, end: 30, upper: true) == nil)
    }

    @Test("errors ranked as packed integer keys come out as sorting their values would, each with its own index")
    func rankedOrder() {
        let noisy = GaussianNoise.series(1_000, seed: 29) { _ in 0 }
        let edge: [Double] = [-3.5, 2, -0.0, 0, 1e-300, -1e300, .infinity, 2, -3.5, -.infinity, 7]
        for errors in [noisy, edge, [4], []] {
            let ranked = Calibration.ranked(errors)
            #expect(ranked.map { $0.error } == errors.sorted())
            #expect(ranked.map { $0.index }.sorted() == Array(errors.indices))
            #expect(ranked.allSatisfy { errors[$0.index] == $0.error })
        }
        // Keys that differ in any one byte, and in none (every pass skipped).
        var rng = GaussianNoise(state: 31)
        var keys: [UInt64] = (0..<500).map { i in UInt64(truncatingIfNeeded: Int((rng.next() + 6) * 1e6)) << (8 * UInt64(i % 8)) }
        let expected = keys.sorted()
        Calibration.radixSort(&keys)
        #expect(keys == expected)
        var same: [UInt64] = Array(repeating: 42, count: 9)
        Calibration.radixSort(&same)
        #expect(same == Array(repeating: 42, count: 9))
    }

    @Test("a series too short to calibrate the day-ahead interval says so, and claims no coverage it could not check")
    func tooFewErrors() throws {
        let y = GaussianNoise.series(64, seed: 17) { 50 + daily[$0 % 24] * 0.2 }
        let f = try #require(ForecastEngine.forecast(y, horizon: 48))
        let hour = try #require(f.skill.first { $0.steps == 1 }), day = try #require(f.skill.first { $0.steps == 24 })
        #expect(!hour.intervalWidened)
        #expect(day.intervalWidened)
        #expect(day.coverage.isNaN)
        #expect(f.points[23].low < f.points[23].mean && f.points[23].mean < f.points[23].high)
        #expect(ForecastEngine.forecast(Array(y.prefix(ForecastEngine.minimumHistory - 1)), horizon: 24) == nil)
        #expect(ForecastEngine.forecast(Array(y.prefix(ForecastEngine.minimumHistory)), horizon: 24) != nil)
    }
}

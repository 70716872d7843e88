import Testing
import Foundation
@testable import FleetCore

@Suite("Forecast engine")
struct ForecastEngineTests {
    private func series(_ n: Int, seed: UInt64 = 1, noise: Double = 1, _ f: (Int) -> Double) -> [Double] {
        GaussianNoise.series(n, seed: seed, sigma: { _ in noise }, f)
    }

    private let daily = [0.0, 1, 3, 6, 8, 9, 8, 6, 3, 1, 0, -1, -2, -3, -4, -5, -5, -4, -3, -2, -1, 0, 0, 0].map { $0 * 5 }

    @Test("a pure daily season chooses a seasonal model at every band and beats the naive last value")
    func seasonal() throws {
        let y = series(24 * 21, noise: 0.5) { 100 + daily[$0 % 24] }
        let f = try #require(ForecastEngine.forecast(y, horizon: 48))
        #expect(f.skill.map(\.steps) == [1, 2, 24, 168])
        for band in f.skill { #expect(([band.method] + band.blended).allSatisfy { $0.period == 24 }, "\(band.label)") }
        #expect(f.skill[2].mase < 1)
        for h in 1...48 { #expect(abs(f.points[h - 1].mean - (100 + daily[(y.count + h - 1) % 24])) < 3) }
    }

    @Test("a steady trend chooses a model that carries it (a trend or seasonal drift) and extrapolates it a day ahead")
    func trend() throws {
        let y = series(400, noise: 0.5) { 50 + 0.5 * Double($0) }
        let f = try #require(ForecastEngine.forecast(y, horizon: 24))
        switch f.skill[2].method {
        case .ets(let trend, _): #expect(trend != .none)
        case .seasonalDrift: break
        case .naive, .seasonalNaive: Issue.record("chose \(f.skill[2].label)")
        }
        #expect(abs(f.points[23].mean - (50 + 0.5 * Double(y.count + 23))) < 4)
    }

    @Test("after a level shift the forecast follows the new level within a few hours")
    func levelShift() throws {
        let y = series(24 * 14 + 6, noise: 0.3) { $0 < 24 * 14 ? 10 : 50 }
        let f = try #require(ForecastEngine.forecast(y, horizon: 24))
        for p in f.points.prefix(24) { #expect(abs(p.mean - 50) < 5, "\(p.mean)") }
    }

    @Test("calibrated 95 % intervals cover 90–99 % of fresh draws of a known-noise series")
    func coverage() throws {
        let all = series(1344 + 336, seed: 7, noise: 4) { _ in 100 }
        let f = try #require(ForecastEngine.forecast(Array(all.prefix(1344)), horizon: 336))
        let future = all.suffix(336)
        let inside = zip(f.points, future).count { $0.low <= $1 && $1 <= $0.high }
        let share = Double(inside) / 336
        #expect(share >= 0.9 && share <= 0.99, "coverage \(share)")
        // Width near ±1.96σ, not a Gaussian guess that ignores how the model erred.
        #expect(abs((f.points[0].high - f.points[0].low) - 2 * 1.96 * 4) < 4)
    }

    @Test("forecasts and intervals never go below zero, even for a series falling to nothing")
    func nonNegative() throws {
        let y = series(300, noise: 2) { max(0, 300 - 1.2 * Double($0)) }
        let f = try #require(ForecastEngine.forecast(y, horizon: 720))
        #expect(f.points.allSatisfy { $0.mean >= 0 && $0.low >= 0 && $0.high >= $0.mean })
    }

    @Test("on its own history the chosen model is never worse than the best naive method")
    func neverWorseThanNaive() throws {
        var level = 100.0
        var rng = GaussianNoise(state: 3)
        let y = (0..<24 * 30).map { t -> Double in
            level += 2 * rng.next()
            return max(0, level + daily[t % 24] * 0.2)
        }
        let f = try #require(ForecastEngine.forecast(y, horizon: 168))
        for band in f.skill { #expect(band.mase <= band.naiveMASE, "\(band.steps)h: \(band.mase) vs \(band.naiveMASE)") }
        #expect(ForecastEngine.forecast(Array(y.prefix(47)), horizon: 24) == nil)
    }

    @Test("a daily sine on a slow rise is forecast exactly by seasonal drift: MASE near 0 at every band")
    func sineOnRise() throws {
        func truth(_ t: Int) -> Double { 50 + 0.01 * Double(t) + 20 * sin(2 * Double.pi * Double(t) / 24) }
        let y: [Double] = (0..<24 * 28).map(truth)
        let f = try #require(ForecastEngine.forecast(y, horizon: 168))
        #expect(f.skill.map(\.steps) == [1, 2, 24, 168])
        for band in f.skill {
            // Daily or weekly: the last value plus the same-phase change repeats both the day and the rise.
            for method in [band.method] + band.blended {
                guard case .seasonalDrift = method else {
                    Issue.record("\(band.steps): \(band.label)")
                    continue
                }
            }
            #expect(band.mase < 1e-6, "\(band.steps): \(band.mase)")
        }
        for h in [1, 24, 100, 168] { #expect(abs(f.points[h - 1].mean - truth(y.count + h - 1)) < 1e-6) }
    }

    @Test("eight weeks of a weekday/weekend series choose a weekly model for the week ahead and forecast the weekend")
    func weeklySeason() throws {
        let weekly: [Double] = (0..<168).map { (h: Int) -> Double in (h / 24 < 5 ? 20.0 : -30.0) + daily[h % 24] }
        let y = series(24 * 7 * 8, seed: 11, noise: 2) { 100 + weekly[$0 % 168] }
        let f = try #require(ForecastEngine.forecast(y, horizon: 168))
        let week = try #require(f.skill.first { $0.steps == 24 })
        #expect(week.method.period == 168, "\(week.label)")
        // Noise σ 2: a season averaged over eight weeks errs by ~σ/√8, the forecast well within 4 of the truth.
        let misses: [Double] = (1...168).map { (h: Int) -> Double in abs(f.points[h - 1].mean - 100 - weekly[(y.count + h - 1) % 168]) }
        #expect(misses.reduce(0, +) / 168 < 2, "mean miss \(misses.reduce(0, +) / 168)")
    }

    @Test("while few cycles are seen a season is their running mean, not the first cycle kept by a small γ")
    func seasonRunningMean() {
        let truth: [Double] = (0..<168).map { (h: Int) -> Double in Double((h * 37) % 41) - 20 }
        let y = series(24 * 7 * 8, seed: 13, noise: 5) { 100 + truth[$0 % 168] }
        var model = Smoother(method: .ets(trend: .none, period: 168))
        model.alpha = 0.01
        model.gamma = 0.001
        var none = Smoother.Track(horizons: [], from: .max)
        model.run(y, track: &none)
        // Each term averages 8 draws of σ 5: off by ~5 × 0.8 / √8 ≈ 1.4 on average (the first week's alone: ~4).
        let off: [Double] = (0..<168).map { (h: Int) -> Double in abs(model.ahead(h + 1) - 100 - truth[(y.count + h) % 168]) }
        #expect(off.reduce(0, +) / 168 < 2.2, "mean error of the season \(off.reduce(0, +) / 168)")
    }

    @Test("seasonal drift forecasts the last value plus the mean same-phase change over every season seen, and tracks the errors of exactly that")
    func driftByHand() {
        let m = 4
        let y = series(37, seed: 19, noise: 3) { Double($0 % m) * 2 + 0.3 * Double($0) }
        /// Made after step t, h steps ahead, by the definition: y[t] + mean over j = 1…k of (y[t + h − jm] − y[t − jm])
        /// for the phase, plus ⌊h / m⌋ × the mean change per season, with k = ⌊t / m⌋ seasons seen.
        func byHand(_ t: Int, _ h: Int) -> Double {
            let k = t / m, phase = h % m
            let change = (1...k).map { y[t + phase - $0 * m] - y[t - $0 * m] }.reduce(0, +) / Double(k)
            return y[t] + Double(h / m) * (y[t] - y[t - k * m]) / Double(k) + change
        }
        var model = Smoother(method: .seasonalDrift(period: m))
        var track = Smoother.Track(horizons: [1, 3, 6], from: 8)
        model.run(y, track: &track)
        for h in [1, 2, 4, 7, 9] { #expect(abs(model.ahead(h) - byHand(y.count - 1, h)) < 1e-9, "h \(h)") }
        for (i, h) in [1, 3, 6].enumerated() {
            #expect(track.errors[i].count == y.count - h - 8)
            for (j, e) in track.errors[i].enumerated() {
                #expect(abs(e - (y[8 + j + h] - max(0, byHand(8 + j, h)))) < 1e-9, "h \(h) origin \(8 + j)")
            }
        }
    }

    @Test("a blend is chosen when its members' errors cancel, a single candidate when they do not")
    func blendSelection() throws {
        let n = 50
        let over = [[Double](repeating: -2, count: n)], under = [[Double](repeating: 2, count: n)]
        let good = [(0..<n).map { $0 % 2 == 0 ? 1.0 : -1.0 }]
        let mixed = try #require(Blend.best(of: [good, over, under], scoring: [0]))
        // Alone the best errs by 1; over and under, the next two, cancel: the three average to ±1/3.
        #expect(mixed.members == [0, 1, 2])
        #expect(abs(Accuracy.meanAbsolute(mixed.errors[0]) - 1.0 / 3) < 1e-12)
        let alone = try #require(Blend.best(of: [good, over, over], scoring: [0]))
        #expect(alone.members == [0])
        #expect(alone.errors[0] == good[0])
    }

    @Test("quantiles by selection equal the sorted ones, ties and odd sizes included")
    func selectionQuantiles() {
        for n in [2, 3, 7, 50, 501] {
            let xs = series(n, seed: UInt64(n)) { Double($0 % 5) }.map { ($0 * 4).rounded() / 4 }
            let sorted = xs.sorted()
            let qs = [0.0, 0.025, 0.5, 0.975, 1.0]
            for (q, v) in zip(qs, Accuracy.quantiles(xs, qs)) { #expect(abs(v - Accuracy.quantile(sorted, q)) < 1e-12, "n \(n) q \(q)") }
        }
    }

    @Test("seeded fits of the richer candidates find the smoothing a weekly-seasonal series was made with")
    func seededFit() throws {
        // Weekdays busy, weekends quiet, and a small daily rhythm.
        let weekly: [Double] = (0..<168).map { (h: Int) -> Double in (h / 24 < 5 ? 10.0 : -25.0) + daily[h % 24] * 0.2 }
        let y = series(24 * 7 * 8, seed: 5, noise: 1) { 100 + weekly[$0 % 168] }
        let methods: [ForecastMethod] = [.ets(trend: .damped, period: 168), .ets(trend: .none, period: 168)]
        let fitted = ForecastEngine.fit(methods, to: y)
        #expect(fitted.map(\.method) == methods)
        // A stable level and season: little smoothing, and the damped fit is no worse than the level one it started from.
        var none = Smoother.Track(horizons: [], from: .max)
        var damped = fitted[0], level = fitted[1]
        #expect(level.alpha < 0.3)
        #expect(damped.run(y, track: &none) <= level.run(y, track: &none) * 1.01)
    }

    @Test("Nelder-Mead finds the minimum of a shifted bowl")
    func simplex() {
        let p = NelderMead.minimise(start: [0, 0], step: 1, evaluations: 1000) { ($0[0] - 3) * ($0[0] - 3) + ($0[1] + 1) * ($0[1] + 1) }
        #expect(abs(p[0] - 3) < 1e-3 && abs(p[1] + 1) < 1e-3)
    }
}

import Testing
@testable import FleetCore

@Suite("Holt-Winters")
struct HoltWintersTests {
    /// Trend 0.05 per step, a daily shape of period 24, deterministic "noise".
    private func series(_ n: Int) -> [Double] {
        (0..<n).map { t in
            let season = [0, 1, 3, 6, 8, 9, 8, 6, 3, 1, 0, -1, -2, -3, -4, -5, -5, -4, -3, -2, -1, 0, 0, 0][t % 24]
            return 100 + 0.05 * Double(t) + Double(season) + Double((t * 7919) % 11 - 5) * 0.1
        }
    }

    @Test("recovers trend and season: a week ahead within a few percent, MASE below the seasonal-naive 1")
    func accuracy() throws {
        let y = series(24 * 28)
        let train = Array(y.prefix(24 * 21)), test = Array(y.suffix(24 * 7))
        let model = try #require(HoltWinters.fit(train, period: 24))
        let forecast = model.forecast(test.count)
        let mase = model.mase(forecast: forecast.map(\.mean), actual: test)
        #expect(mase < 1, "MASE \(mase)")
        for (f, a) in zip(forecast, test) { #expect(abs(f.mean - a) / a < 0.05) }
        #expect([model.alpha, model.beta, model.gamma].allSatisfy { (0...1).contains($0) })
        #expect(model.phi == 1)
    }

    @Test("prediction intervals widen with the horizon and cover most of a noisy test; too short a series has no model")
    func intervals() throws {
        let y = series(24 * 10)
        let model = try #require(HoltWinters.fit(y, period: 24, damped: true))
        let f = model.forecast(48)
        #expect(f[47].high - f[47].low >= f[0].high - f[0].low)
        #expect(f.allSatisfy { $0.low <= $0.mean && $0.mean <= $0.high })
        #expect(model.phi >= 0.8 && model.phi <= 1)
        #expect(HoltWinters.fit(Array(y.prefix(40)), period: 24) == nil)
    }

    @Test("Nelder-Mead finds the minimum of a shifted bowl")
    func simplex() {
        let p = NelderMead.minimise(start: [0, 0], step: 1, iterations: 500) { ($0[0] - 3) * ($0[0] - 3) + ($0[1] + 1) * ($0[1] + 1) }
        #expect(abs(p[0] - 3) < 1e-3 && abs(p[1] + 1) < 1e-3)
    }
}

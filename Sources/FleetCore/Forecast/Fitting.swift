/// Fitting the candidates' smoothing parameters: minimising the one-step squared error with Nelder-Mead over
/// unconstrained values squashed into the admissible ranges (0 < β ≤ α, 0 < γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98).
extension ForecastEngine {
    /// Passes over the series a fit may make per fitted parameter (plus one).
    static let fitEvaluations = 4
    /// Steps the parameters are fitted on: the last four weeks of hourly history. The model then runs over all of
    /// it; fitting on half the series halves the cost of a refit, and the recent weeks are the ones to match.
    static let fitWindow = 24 * 7 * 4

    /// Each candidate fitted (the naive ones have nothing to fit), in the order given.
    ///
    /// Simpler models are fitted first and seed the richer ones (a damped weekly model starts from the weekly level
    /// model's α and γ and the damped one's β and φ): from there a few passes suffice where a cold start took
    /// dozens, which is what keeps a refit of an 8-week series near 2 ms.
    static func fit(_ methods: [ForecastMethod], to y: [Double]) -> [Smoother] {
        let recent = Array(y.suffix(fitWindow))
        var fitted: [ForecastMethod: Smoother] = [:]
        for method in methods.sorted(by: { $0.parameterCount < $1.parameterCount }) {
            guard case .ets(let trend, let m) = method else {
                fitted[method] = Smoother(method: method)
                continue
            }
            let level = fitted[.ets(trend: .none, period: m)] ?? fitted[.ets(trend: .none, period: 0)]
            let trended = fitted[.ets(trend: trend, period: 0)]
            // A season needs two cycles in the window to be fitted on it (one initialises it).
            fitted[method] = fit(method, to: recent.count >= 2 * m + 2 * minimumErrors ? recent : y, seed: level.map { l in
                (alpha: l.alpha, betaShare: trended.map { $0.beta / $0.alpha } ?? 0.12, phi: trended?.phi ?? 0.97,
                 gammaShare: l.gamma / (1 - l.alpha))
            })
        }
        return methods.map { fitted[$0] ?? Smoother(method: $0) }
    }

    /// One candidate fitted from `seed` (admissible values: α, β / α, φ, γ / (1 − α)) or from a cold start.
    private static func fit(_ method: ForecastMethod, to y: [Double],
                            seed: (alpha: Double, betaShare: Double, phi: Double, gammaShare: Double)?) -> Smoother {
        guard case .ets(let trend, let m) = method else { return Smoother(method: method) }
        func squash(_ x: Double) -> Double { 0.5 + 0.5 * x / (1 + abs(x)) }
        func unsquash(_ v: Double) -> Double {
            let u = 2 * min(0.99, max(0.01, v)) - 1
            return u / (1 - abs(u))
        }
        func model(_ p: [Double]) -> Smoother {
            var s = Smoother(method: method)
            s.alpha = squash(p[0])
            var i = 1
            if trend != .none {
                s.beta = squash(p[i]) * s.alpha
                i += 1
            }
            if trend == .damped {
                s.phi = 0.8 + 0.18 * squash(p[i])
                i += 1
            }
            if m > 0 { s.gamma = squash(p[i]) * (1 - s.alpha) }
            return s
        }
        var start = [seed.map { unsquash($0.alpha) } ?? 0]
        if trend != .none { start.append(seed.map { unsquash($0.betaShare) } ?? -2) }
        if trend == .damped { start.append(seed.map { unsquash(($0.phi - 0.8) / 0.18) } ?? 2) }
        if m > 0 { start.append(seed.map { unsquash($0.gammaShare) } ?? -2) }
        var none = Smoother.Track(horizons: [], from: .max)
        // One-step SSE to 0.01 % is far finer than the parameters' effect on the forecasts that choose the model.
        let best = NelderMead.minimise(start: start, step: seed == nil ? 1 : 0.5,
                                       evaluations: fitEvaluations * (start.count + 1), tolerance: 1e-4) { p in
            var s = model(p)
            return s.run(y, track: &none)
        }
        return model(best)
    }
}

import Testing
@testable import FleetCore

/// The widening of intervals by recent day-ahead misses, on error lists whose answer is known by hand.
@Suite("Forecast interval turbulence")
struct TurbulenceTests {
    private func turbulence(_ dayAhead: [Double]) -> Turbulence {
        Turbulence(horizons: [1, Turbulence.horizon], errors: [dayAhead.map { $0 / 10 }, dayAhead])
    }

    @Test("recent day-ahead misses four times the earlier ones: their mean over the mean of all of them")
    func ratioOfRecentToAll() {
        // 100 errors of size 1, then 24 of size 4 (signs alternate: sizes count, not signs).
        let errors = (0..<100).map { $0 % 2 == 0 ? 1.0 : -1.0 } + (0..<24).map { $0 % 2 == 0 ? -4.0 : 4.0 }
        let overall = (100.0 + 24 * 4) / 124
        #expect(abs(turbulence(errors).factor() - 4 / overall) < 1e-12)
    }

    @Test("calm misses, fewer than four days of errors, or no day-ahead horizon tracked: no widening")
    func calmOrUnmeasured() {
        #expect(turbulence(Array(repeating: 2, count: 300)).factor() == 1)
        #expect(turbulence(Array(repeating: 0, count: 300)).factor() == 1)
        #expect(turbulence(Array(repeating: 1, count: Turbulence.minimumErrors - 2) + [50]).factor() == 1)
        #expect(Turbulence(horizons: [1, 2], errors: [Array(repeating: 1, count: 300), Array(repeating: 1, count: 300)]).factor() == 1)
    }

    @Test("recent misses smaller than usual never narrow; huge ones widen at most four times")
    func clamped() {
        #expect(turbulence(Array(repeating: 5, count: 200) + Array(repeating: 1, count: 24)).factor() == 1)
        #expect(turbulence(Array(repeating: 0.01, count: 200) + Array(repeating: 100, count: 24)).factor() == Turbulence.range.upperBound)
    }

    @Test("measured at a past moment from the errors known then only")
    func knownPrefix() {
        let errors = Array(repeating: 1.0, count: 200) + Array(repeating: 3.0, count: 24)
        let t = turbulence(errors)
        #expect(t.factor(known: 200) == 1)
        #expect(t.factor(known: 224) == t.factor())
        #expect(t.factor(known: 212) > 1 && t.factor(known: 212) < t.factor())
    }

    @Test("the bounds beyond the first step widen by exactly the turbulence; the next hour's do not")
    func calibrationWidensBeyondFirstStep() {
        let n = 400
        let noise = GaussianNoise.series(n, seed: 31) { _ in 0 }
        let calmDay = Array(repeating: 1.0, count: n)
        let shiftedDay = Array(repeating: 1.0, count: n - 24) + Array(repeating: 3.0, count: 24)
        func calibration(_ day: [Double]) -> Calibration {
            Calibration(horizons: [1, 2, 24], errors: [noise, noise, day], steps: 2...24, checked: [])
        }
        let calm = calibration(calmDay), shifted = calibration(shiftedDay)
        let w = Turbulence(horizons: [24], errors: [shiftedDay]).factor()
        #expect(w > 2.5)
        let (calmLow, calmHigh) = calm.quantiles(at: 2), (low, high) = shifted.quantiles(at: 2)
        #expect(abs(low - w * calmLow) < 1e-9 && abs(high - w * calmHigh) < 1e-9)
        let first = Calibration(horizons: [1, 2, 24], errors: [noise, noise, shiftedDay], steps: 1...1, checked: [])
        let firstCalm = Calibration(horizons: [1, 2, 24], errors: [noise, noise, calmDay], steps: 1...1, checked: [])
        #expect(first.quantiles(at: 1) == firstCalm.quantiles(at: 1))
    }
}

import Foundation
import Testing
@testable import FleetPanes

/// The fast fixed-decimal writer says exactly what `printf("%.Nf")` says, ties and signs included.
@Suite struct FixedDecimalTests {
    /// Halves that are exact in binary round to even; decimals that only look like halves round by their binary value.
    static let edges: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1.005, 2.675, 0.045, 1e-9, -1e-9, 0.95, 9.995,
                                  99.5, 999_999.995, 1234.5678, -0.004, 4_503_599_627_370_495, 4.5e15, 1e17, 123_456_789.125]

    @Test(arguments: 0...6)
    func agreesWithPrintfOnEdges(digits: Int) {
        for v in Self.edges {
            #expect(FixedDecimal.string(v, digits: digits) == String(format: "%.\(digits)f", v), "\(v) with \(digits) digits")
        }
    }

    @Test func agreesWithPrintfOnRandomValues() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = Int.random(in: 0...4, using: &rng)
            // Values of every magnitude a pane shows, and values on a grid of halves where ties are common.
            let v = Bool.random(using: &rng)
                ? Double.random(in: -1...1, using: &rng) * pow(10, Double.random(in: -3...12, using: &rng))
                : Double(Int.random(in: -100_000...100_000, using: &rng)) / [2, 8, 20, 200, 2000][Int.random(in: 0...4, using: &rng)]
            #expect(FixedDecimal.string(v, digits: digits) == String(format: "%.\(digits)f", v), "\(v) with \(digits) digits")
        }
    }
}

/// Whole dollars are grouped by thousands, signs and the extremes included.
@Suite struct GroupedDigitsTests {
    @Test func commasEveryThreeDigits() {
        let cases: [(Int, String)] = [(0, "0"), (999, "999"), (1000, "1,000"), (-1_234_567, "-1,234,567"), (100_000, "100,000"),
                                      (Int.min, "-9,223,372,036,854,775,808")]
        for (n, text) in cases { #expect(Format.grouped(n) == text) }
    }
}

import FleetCore
import Testing

/// Rounding per kind for JSON output: the Double nearest the decimal, so JSON prints it shortest.
@Suite struct JSONNumberTests {
    @Test("a Float widened to Double rounds back to the decimal measured")
    func widenedFloat() {
        #expect(Double(Float(690.06)) != 690.06)
        #expect(JSONNumber.watts(Float(690.06)) == 690.06)
        #expect(JSONNumber.percent(Float(37.3)) == 37.3)
        #expect(JSONNumber.measured(Float(40536)) == 40536)
        #expect(JSONNumber.ratio(0.80078125) == 0.8008)
    }

    @Test("money to cents; rates below 1 keep 4 significant digits; seconds whole")
    func moneyRatesSeconds() {
        #expect(JSONNumber.money(29.60000000000001) == 29.6)
        #expect(JSONNumber.money(742.8000000000042) == 742.8)
        #expect(JSONNumber.rate(0.01388888888888889) == 0.01389)
        #expect(JSONNumber.rate(0.4567891) == 0.4568)
        #expect(JSONNumber.rate(990.4000000000055) == 990.4)
        #expect(JSONNumber.seconds(1806.6103084087372) == 1807)
        #expect(JSONNumber.seconds(-0.4) == 0)
        #expect(JSONNumber.money(-0.001) == 0)
    }

    @Test("NaN and infinity are missing, not numbers")
    func notFinite() {
        #expect(JSONNumber.watts(Float.nan) == nil)
        #expect(JSONNumber.rate(Double.infinity) == nil)
        #expect(JSONNumber.seconds(Double.nan) == nil)
    }
}

@Suite("JSON numbers at the edges")
struct JSONNumberEdgeTests {
    @Test("values so large that scaling overflows stay finite and unchanged; NaN and infinity are null")
    func huge() {
        #expect(JSONNumber.percent(1e307) == 1e307)
        #expect(JSONNumber.money(Double.greatestFiniteMagnitude) == Double.greatestFiniteMagnitude)
        #expect(JSONNumber.rate(-1e308) == -1e308)
        #expect(JSONNumber.percent(Double.infinity) == nil && JSONNumber.money(Double.nan) == nil)
    }
}

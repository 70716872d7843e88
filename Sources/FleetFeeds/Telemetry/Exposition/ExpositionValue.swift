/// Number parsing for sample values, the parser's hot path.
///
/// Hand-written because going through `String` and `Double(_:)` for each of 400,000 samples per scrape costs more
/// than the whole rest of the parse; decimals that do not fit the exact fast path fall back to `Double(_:)`.
enum ExpositionValue {
    private static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses `p[start..<end]` as a Prometheus float (decimal, exponent, NaN, ±Inf), or nil.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
            negative = p[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while i < end, p[i] &- 48 < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); if mantissa > 0 { digits += 1 } } else { exponent += 1 }
            sawDigit = true
            i += 1
        }
        if i < end, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, p[i] &- 48 < 10 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48); exponent -= 1; if mantissa > 0 { digits += 1 } }
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return special(p, start, end) }
        if i < end, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < end, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            var expDigits = 0
            while i < end, p[i] &- 48 < 10 {
                if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == end else { return nil }
        if digits < 19, mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            var v = Double(mantissa)
            v = exponent < 0 ? v / exactPowers[-exponent] : v * exactPowers[exponent]
            return negative ? -v : v
        }
        return Double(String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self))
    }

    private static func special(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self)
        switch text.lowercased() {
        case "nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }
}

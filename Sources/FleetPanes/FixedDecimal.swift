import Foundation

/// A number with a fixed count of decimals, written as C's `printf("%.Nf")` writes it (the exact binary value rounded
/// half to even, "-" on every negative value, "-0.00" included) but without Foundation's formatter, which parses the
/// format and boxes its arguments: tables format thousands of cells whenever the state changes.
enum FixedDecimal {
    /// Powers of ten that a `Double` holds exactly.
    private static let powers: [Double] = (0...15).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }

    /// `v` with `digits` decimals; values too large to scale exactly, and NaN or infinities, go through `String(format:)`.
    static func string(_ v: Double, digits: Int) -> String {
        guard v.isFinite, digits >= 0, digits < powers.count else { return String(format: "%.\(max(0, digits))f", v) }
        let scale = powers[digits]
        let scaled = v.magnitude * scale
        // Below 2^52 the fraction of `scaled` is exact, and 0.5 is a multiple of its unit in the last place.
        guard scaled < 4_503_599_627_370_496 else { return String(format: "%.\(digits)f", v) }
        // What the product lost to rounding, exactly (a fused multiply-add), decides a fraction that reads as one half.
        let lost = (-scaled).addingProduct(v.magnitude, scale)
        let whole = scaled.rounded(.down)
        let fraction = scaled - whole
        var units = UInt64(whole)
        if fraction > 0.5 || (fraction == 0.5 && (lost > 0 || (lost == 0 && units % 2 == 1))) { units += 1 }
        let unit = UInt64(scale)
        var text = v.sign == .minus ? "-" : ""
        text += String(units / unit)
        if digits > 0 {
            let decimals = String(units % unit)
            text += "." + String(repeating: "0", count: digits - decimals.count) + decimals
        }
        return text
    }
}

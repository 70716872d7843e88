/// Numbers for JSON output at the precision they were measured or priced with.
///
/// A Float widened to Double prints as 690.0599975585938 and a sum of prices as 29.60000000000001; rounding the
/// Double to the decimal it stands for makes JSON print 690.06 and 29.6 (the nearest Double prints shortest).
/// Every function returns nil for NaN or infinity, which the JSON writers print as null.
public enum JSONNumber {
    /// Watts, to 2 decimals.
    public static func watts<T: BinaryFloatingPoint>(_ x: T) -> Double? { decimals(x, 2) }

    /// Percent (0–100), to 2 decimals.
    public static func percent<T: BinaryFloatingPoint>(_ x: T) -> Double? { decimals(x, 2) }

    /// A 0–1 share (allocation, busy, SLA attainment) or a model parameter: 4 decimals, a percentage to 2.
    public static func ratio<T: BinaryFloatingPoint>(_ x: T) -> Double? { decimals(x, 4) }

    /// A measured quantity (MiB, °C, MHz, GPUs, GPU-hours, requests/s): integral values stay integers, others keep
    /// 2 decimals.
    public static func measured<T: BinaryFloatingPoint>(_ x: T) -> Double? { decimals(x, 2) }

    /// Money: cents.
    public static func money<T: BinaryFloatingPoint>(_ x: T) -> Double? { decimals(x, 2) }

    /// A price per unit ($/GPU-hour, $ per 1000 requests): cents, or 4 significant digits below 1.
    public static func rate<T: BinaryFloatingPoint>(_ x: T) -> Double? {
        let value = Double(x)
        guard value.isFinite else { return nil }
        guard value != 0, abs(value) < 1 else { return decimals(value, 2) }
        var scale = 1.0
        var magnitude = abs(value)
        while magnitude < 1000, scale < 1e15 {
            magnitude *= 10
            scale *= 10
        }
        let rounded = (value * scale).rounded() / scale
        return rounded.isFinite ? rounded : value
    }

    /// Seconds (a duration or a Unix time), whole.
    public static func seconds<T: BinaryFloatingPoint>(_ x: T) -> Int? {
        let value = Double(x)
        guard value.isFinite, abs(value) < 9e15 else { return nil }
        return Int(value.rounded())
    }

    /// `x` rounded to `places` decimals on a Double: (x·10ⁿ).rounded() / 10ⁿ is the Double nearest the decimal.
    private static func decimals<T: BinaryFloatingPoint>(_ x: T, _ places: Int) -> Double? {
        let value = Double(x)
        guard value.isFinite else { return nil }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        guard rounded.isFinite else { return value }  // past 1e306 scaling overflows; such a value has no decimals
        return rounded == 0 ? 0 : rounded  // no "-0"
    }
}

import FleetCore
import Foundation

/// A number for `JSONSerialization`, rounded by a `JSONNumber` function (`JSONNumber.watts`, `.money`, …); null when
/// missing or not finite. Every JSON writer goes through this, so no number prints with more digits than it has.
public enum JSONValue {
    /// `v` rounded by `round` to a decimal, or null.
    public static func of<T: BinaryFloatingPoint>(_ v: T?, _ round: (T) -> Double?) -> Any {
        if let rounded = v.flatMap(round) { return rounded }
        return NSNull()
    }

    /// `v` rounded by `round` to a whole number (seconds), or null.
    public static func of<T: BinaryFloatingPoint>(_ v: T?, _ round: (T) -> Int?) -> Any {
        if let rounded = v.flatMap(round) { return rounded }
        return NSNull()
    }
}

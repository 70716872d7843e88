import FleetCore
import Foundation

/// Number formatting shared by panes and snapshots, so text and JSON agree.
enum Format {
    static func percent(_ fraction: Double?, digits: Int = 1) -> String {
        guard let fraction, fraction.isFinite else { return "—" }
        return FixedDecimal.string(fraction * 100, digits: digits) + " %"
    }

    /// A plain number with `digits` decimals ("—" when not finite).
    static func number(_ v: Double, digits: Int) -> String {
        v.isFinite ? FixedDecimal.string(v, digits: digits) : "—"
    }

    static func money(_ dollars: Double?, perHour: Bool = false) -> String {
        guard let dollars, dollars.isFinite else { return "—" }
        let suffix = perHour ? "/h" : ""
        if abs(dollars) >= 1_000_000 { return "$" + FixedDecimal.string(dollars / 1_000_000, digits: 2) + "M" + suffix }
        if abs(dollars) >= 1000 { return "$" + grouped(Int(saturating: dollars.rounded())) + suffix }
        return "$" + FixedDecimal.string(dollars, digits: 2) + suffix
    }

    static func grouped(_ n: Int) -> String {
        // As bytes: a String's count is a walk over it, and this runs for every money cell of a table.
        let digits = Array(String(n.magnitude).utf8)  // abs(Int.min) would trap
        var out: [UInt8] = n < 0 ? [UInt8(ascii: "-")] : []
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(digit)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func duration(_ seconds: Double?) -> String {
        seconds.map(DurationFormat.short) ?? "—"
    }

    /// Wall clock "HH:MM:SS UTC".
    static func clock(_ t: Double) -> String {
        let c = UTCCalendar.components(t)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) UTC"
    }

    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Fleet clock "Mon 2026-11-02 10:12".
    static func fleetClock(_ t: Double) -> String {
        "\(weekdays[UTCCalendar.components(t).weekday]) \(UTCCalendar.format(t))"
    }

    /// Feed age "0.4s", "12s", "3m".
    static func age(_ seconds: Double?) -> String {
        guard let seconds else { return "never" }
        return seconds < 10 ? FixedDecimal.string(seconds, digits: 1) + "s" : DurationFormat.short(seconds)
    }
}

/// Calendar arithmetic in UTC without Foundation, so the core stays pure and fast.
public enum UTCCalendar {
    /// Civil date of a day number (days since 1970-01-01), after Howard Hinnant's algorithm.
    public static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Day number (days since 1970-01-01) of a civil date.
    public static func days(year y0: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Start (epoch seconds) of the UTC month containing `t`.
    public static func monthStart(containing t: Double) -> Double {
        let d = civil(fromDays: Int(saturating: (clamped(t) / 86_400).rounded(.down)))
        return Double(days(year: d.year, month: d.month, day: 1)) * 86_400
    }

    /// Start of the month after the month starting at `monthStart`.
    public static func nextMonthStart(after monthStart: Double) -> Double {
        let d = civil(fromDays: Int(saturating: (clamped(monthStart) / 86_400).rounded(.down)))
        let (y, m) = d.month == 12 ? (d.year + 1, 1) : (d.year, d.month + 1)
        return Double(days(year: y, month: m, day: 1)) * 86_400
    }

    /// Components of an epoch time: year, month, day, hour, minute, second, weekday (0 = Monday).
    public static func components(_ t: Double) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int) {
        let secs = Int(saturating: clamped(t).rounded(.down))
        let dayNumber = Int((Double(secs) / 86_400).rounded(.down))
        let d = civil(fromDays: dayNumber)
        let rem = secs - dayNumber * 86_400
        let weekday = ((dayNumber % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday.
        return (d.year, d.month, d.day, rem / 3600, (rem % 3600) / 60, rem % 60, weekday)
    }

    /// `t` within ±10¹³ s (some 300,000 years), where the calendar arithmetic cannot overflow; NaN as 0.
    private static func clamped(_ t: Double) -> Double {
        t.isNaN ? 0 : min(max(t, -1e13), 1e13)
    }

    /// "YYYY-MM-DD HH:MM" in UTC.
    public static func format(_ t: Double, seconds: Bool = false) -> String {
        let c = components(t)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let base = "\(c.year)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
        return seconds ? base + ":\(two(c.second))" : base
    }
}

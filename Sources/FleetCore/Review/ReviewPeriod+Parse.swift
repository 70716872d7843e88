/// Why a period did not parse, and where: `column` is the 1-based character where the problem starts.
public struct ReviewPeriodError: Error, Sendable, Hashable, CustomStringConvertible {
    public let input: String
    public let column: Int
    public let reason: String
    public var description: String { "period \"\(input)\", column \(column): \(reason)" }
}

extension ReviewPeriod {
    /// Longest period text read; anything longer is refused before parsing.
    public static let maxLength = 32
    /// Longest `last-Nd`: the 5 years daily rollups are kept.
    public static let maxDays = 5 * 366

    /// Parses `2026-11`, `2026-Q4`, `2026-W45` (ISO week), `2026` (a year) or `last-30d` (the 30 days ending at the hour
    /// `now` is in).
    public static func parse(_ text: String, now: Double) throws(ReviewPeriodError) -> ReviewPeriod {
        let chars = Array(text.prefix(maxLength + 1))
        func fail(_ at: Int, _ reason: String) -> ReviewPeriodError {
            ReviewPeriodError(input: String(text.prefix(maxLength)), column: at + 1, reason: reason)
        }
        guard !chars.isEmpty else { throw fail(0, "empty; expected YYYY-MM, YYYY-Qn, YYYY-Wnn, YYYY or last-Nd") }
        guard chars.count <= maxLength else { throw fail(maxLength, "longer than \(maxLength) characters") }
        if text.hasPrefix("last-") {
            guard chars.last == "d" else { throw fail(chars.count - 1, "expected a number of days ending in d, as last-30d") }
            let digits = chars[5..<(chars.count - 1)]
            guard let n = number(digits), (1...maxDays).contains(n) else {
                throw fail(5, "days must be a whole number from 1 to \(maxDays)")
            }
            guard now.isFinite, abs(now) < 1e13 else { throw fail(0, "the store has no current time") }
            let end = Int((now / 3600).rounded(.down)) * 3600
            return ReviewPeriod(.lastDays(days: n, end: end))
        }
        if chars.count == 4, let year = number(chars[0..<4]) {
            guard (1970...9999).contains(year) else { throw fail(0, "year must be 1970–9999") }
            return ReviewPeriod(.year(year))
        }
        guard chars.count >= 6, chars[4] == "-", let year = number(chars[0..<4]) else {
            throw fail(0, "expected YYYY-MM, YYYY-Qn, YYYY-Wnn, YYYY or last-Nd")
        }
        guard (1970...9999).contains(year) else { throw fail(0, "year must be 1970–9999") }
        let rest = chars[5...]
        switch rest.first {
        case "Q", "q":
            guard rest.count == 2, let q = number(rest.dropFirst()), (1...4).contains(q) else { throw fail(6, "quarter must be 1–4") }
            return ReviewPeriod(.quarter(year: year, quarter: q))
        case "W", "w":
            let weeks = isoWeeks(in: year)
            guard rest.count == 3, let w = number(rest.dropFirst()), (1...weeks).contains(w) else {
                throw fail(6, "week must be 01–\(weeks) (ISO \(year) has \(weeks) weeks)")
            }
            return ReviewPeriod(.isoWeek(year: year, week: w))
        default:
            guard rest.count == 2, let m = number(rest), (1...12).contains(m) else { throw fail(5, "month must be 01–12") }
            return ReviewPeriod(.month(year: year, month: m))
        }
    }

    /// The ASCII digits as a number; nil when empty, over 6 digits or anything else is there.
    private static func number(_ chars: ArraySlice<Character>) -> Int? {
        guard !chars.isEmpty, chars.count <= 6 else { return nil }
        var n = 0
        for c in chars {
            guard let v = c.asciiValue, (48...57).contains(v) else { return nil }
            n = n * 10 + Int(v - 48)
        }
        return n
    }
}

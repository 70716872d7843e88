/// What a review period is: a calendar year, month, quarter, an ISO 8601 week, or the last N days.
public enum ReviewPeriodKind: Sendable, Hashable {
    case year(Int)
    case month(year: Int, month: Int)
    case quarter(year: Int, quarter: Int)
    /// An ISO 8601 week: Monday to Sunday; week 1 holds the year's first Thursday.
    case isoWeek(year: Int, week: Int)
    /// The `days` days ending at `end` (epoch seconds, an hour boundary).
    case lastDays(days: Int, end: Int)
}

/// A period a review board looks at: [start, end) in UTC epoch seconds, with its label ("2026-11", "2026-Q4",
/// "2026-W45", "2026", "last-30d").
public struct ReviewPeriod: Sendable, Hashable {
    public let kind: ReviewPeriodKind
    public let start: Int
    public let end: Int

    /// The period of `kind`.
    public init(_ kind: ReviewPeriodKind) {
        self.kind = kind
        switch kind {
        case .year(let y):
            start = UTCCalendar.days(year: y, month: 1, day: 1) * 86_400
            end = UTCCalendar.days(year: y + 1, month: 1, day: 1) * 86_400
        case let .month(y, m):
            start = UTCCalendar.days(year: y, month: m, day: 1) * 86_400
            end = m == 12 ? UTCCalendar.days(year: y + 1, month: 1, day: 1) * 86_400 : UTCCalendar.days(year: y, month: m + 1, day: 1) * 86_400
        case let .quarter(y, q):
            start = UTCCalendar.days(year: y, month: 3 * q - 2, day: 1) * 86_400
            end = q == 4 ? UTCCalendar.days(year: y + 1, month: 1, day: 1) * 86_400 : UTCCalendar.days(year: y, month: 3 * q + 1, day: 1) * 86_400
        case let .isoWeek(y, w):
            start = (Self.firstMonday(ofISOYear: y) + 7 * (w - 1)) * 86_400
            end = start + 7 * 86_400
        case let .lastDays(n, e):
            start = e - n * 86_400
            end = e
        }
    }

    /// Hours in the period.
    public var hours: Double { Double(end - start) / 3600 }

    /// How the period is written on the command line and in reports.
    public var label: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        switch kind {
        case .year(let y): return "\(y)"
        case let .month(y, m): return "\(y)-\(two(m))"
        case let .quarter(y, q): return "\(y)-Q\(q)"
        case let .isoWeek(y, w): return "\(y)-W\(two(w))"
        case let .lastDays(n, _): return "last-\(n)d"
        }
    }

    /// The period just before this one, of the same length.
    public var previous: ReviewPeriod {
        switch kind {
        case .year(let y): return ReviewPeriod(.year(y - 1))
        case let .month(y, m): return ReviewPeriod(m == 1 ? .month(year: y - 1, month: 12) : .month(year: y, month: m - 1))
        case let .quarter(y, q): return ReviewPeriod(q == 1 ? .quarter(year: y - 1, quarter: 4) : .quarter(year: y, quarter: q - 1))
        case let .isoWeek(y, w):
            return ReviewPeriod(w == 1 ? .isoWeek(year: y - 1, week: Self.isoWeeks(in: y - 1)) : .isoWeek(year: y, week: w - 1))
        case let .lastDays(n, e): return ReviewPeriod(.lastDays(days: n, end: e - n * 86_400))
        }
    }

    /// The same period a year earlier: the same month, quarter or week number (week 53 of a year whose predecessor
    /// has 52 weeks maps to week 52); the last N days 52 weeks earlier, so weekdays line up.
    public var yearEarlier: ReviewPeriod {
        switch kind {
        case .year(let y): return ReviewPeriod(.year(y - 1))
        case let .month(y, m): return ReviewPeriod(.month(year: y - 1, month: m))
        case let .quarter(y, q): return ReviewPeriod(.quarter(year: y - 1, quarter: q))
        case let .isoWeek(y, w): return ReviewPeriod(.isoWeek(year: y - 1, week: min(w, Self.isoWeeks(in: y - 1))))
        case let .lastDays(n, e): return ReviewPeriod(.lastDays(days: n, end: e - 364 * 86_400))
        }
    }

    /// Day number (days since 1970-01-01) of the Monday of ISO week 1 of `year`: the week holding 4 January.
    static func firstMonday(ofISOYear year: Int) -> Int {
        let jan4 = UTCCalendar.days(year: year, month: 1, day: 4)
        let weekday = ((jan4 % 7) + 7 + 3) % 7  // 0 = Monday (1970-01-01 was a Thursday).
        return jan4 - weekday
    }

    /// Number of ISO weeks in `year` (52 or 53).
    public static func isoWeeks(in year: Int) -> Int {
        (firstMonday(ofISOYear: year + 1) - firstMonday(ofISOYear: year)) / 7
    }
}

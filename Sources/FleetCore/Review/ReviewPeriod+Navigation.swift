/// How long a review period is, as a board picks it: a week, a month, a quarter or a year.
public enum ReviewPeriodLength: String, Sendable, Hashable, CaseIterable {
    case week, month, quarter, year
}

/// What a review compares its period with.
public enum ReviewCompare: String, Sendable, Hashable, CaseIterable {
    case none, previous, yearEarlier = "year_earlier"

    /// The next in the cycle none → previous → year earlier → none.
    public var next: ReviewCompare {
        switch self {
        case .none: .previous
        case .previous: .yearEarlier
        case .yearEarlier: .none
        }
    }

    /// The period `period` is compared with; nil for none.
    public func period(for period: ReviewPeriod) -> ReviewPeriod? {
        switch self {
        case .none: nil
        case .previous: period.previous
        case .yearEarlier: period.yearEarlier
        }
    }
}

extension ReviewPeriod {
    /// The period's length; nil for the last N days.
    public var length: ReviewPeriodLength? {
        switch kind {
        case .year: .year
        case .month: .month
        case .quarter: .quarter
        case .isoWeek: .week
        case .lastDays: nil
        }
    }

    /// The period just after this one, of the same length.
    public var next: ReviewPeriod {
        switch kind {
        case .year(let y): return ReviewPeriod(.year(y + 1))
        case let .month(y, m): return ReviewPeriod(m == 12 ? .month(year: y + 1, month: 1) : .month(year: y, month: m + 1))
        case let .quarter(y, q): return ReviewPeriod(q == 4 ? .quarter(year: y + 1, quarter: 1) : .quarter(year: y, quarter: q + 1))
        case let .isoWeek(y, w): return ReviewPeriod(w == Self.isoWeeks(in: y) ? .isoWeek(year: y + 1, week: 1) : .isoWeek(year: y, week: w + 1))
        case let .lastDays(n, e): return ReviewPeriod(.lastDays(days: n, end: e + n * 86_400))
        }
    }

    /// The period of `length` holding the instant `t` (epoch seconds, UTC).
    public static func containing(_ t: Double, length: ReviewPeriodLength) -> ReviewPeriod {
        // Within the calendar's range (±10¹³ s), NaN as 0, so the arithmetic cannot trap.
        let day = Int(((t.isFinite ? min(max(t, -1e13), 1e13) : 0) / 86_400).rounded(.down))
        let c = UTCCalendar.components(Double(day) * 86_400)
        switch length {
        case .year: return ReviewPeriod(.year(c.year))
        case .month: return ReviewPeriod(.month(year: c.year, month: c.month))
        case .quarter: return ReviewPeriod(.quarter(year: c.year, quarter: (c.month - 1) / 3 + 1))
        case .week:
            // The ISO year is the one whose week 1 starts on or before this day; near New Year it may differ by one.
            var year = c.year + 1
            while firstMonday(ofISOYear: year) > day { year -= 1 }
            return ReviewPeriod(.isoWeek(year: year, week: (day - firstMonday(ofISOYear: year)) / 7 + 1))
        }
    }

    /// The last whole period of `length` that ended at or before `t`: what a board reviews by default.
    public static func lastComplete(_ length: ReviewPeriodLength, before t: Double) -> ReviewPeriod {
        containing(t, length: length).previous
    }
}

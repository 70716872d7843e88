import FleetCore
import Testing

@Suite("Review periods")
struct ReviewPeriodTests {
    static let nov1 = 1_793_491_200  // 2026-11-01 00:00 UTC
    static let dec1 = 1_796_083_200
    static let jan1y27 = 1_798_761_600

    private func parse(_ s: String, now: Double = 1_793_577_600 + 5400) throws -> ReviewPeriod { try ReviewPeriod.parse(s, now: now) }

    @Test("months and quarters: bounds, previous and a year earlier")
    func monthsAndQuarters() throws {
        let nov = try parse("2026-11")
        #expect((nov.start, nov.end, nov.label, nov.hours) == (Self.nov1, Self.dec1, "2026-11", 720))
        #expect(nov.previous.label == "2026-10" && nov.previous.end == Self.nov1)
        #expect(nov.yearEarlier.label == "2025-11")
        #expect(try parse("2026-01").previous.label == "2025-12")
        let q4 = try parse("2026-Q4")
        #expect((q4.start, q4.end) == (Self.nov1 - 31 * 86_400, Self.jan1y27))
        #expect(try parse("2026-q1").previous.label == "2025-Q4")
        #expect(q4.yearEarlier.label == "2025-Q4" && q4.previous.end == q4.start)
    }

    @Test("ISO weeks: week 1 holds 4 January, W53 where the year has it, weeks across the year boundary")
    func isoWeeks() throws {
        let w45 = try parse("2026-W45")
        #expect(w45.start == 1_793_577_600, "Monday 2026-11-02")
        #expect(w45.end - w45.start == 7 * 86_400)
        let w1 = try parse("2026-W01")
        #expect(w1.start == 1_766_966_400, "2026-W01 starts Monday 2025-12-29, in the year before")
        let w53 = try parse("2026-W53")
        #expect((w53.start, w53.end) == (1_798_416_000, 1_798_416_000 + 7 * 86_400), "2026-12-28 to 2027-01-04")
        #expect(try parse("2027-W01").start == w53.end)
        #expect(try parse("2027-W01").previous == w53)
        #expect(w53.previous.label == "2026-W52")
        #expect((ReviewPeriod.isoWeeks(in: 2026), ReviewPeriod.isoWeeks(in: 2027), ReviewPeriod.isoWeeks(in: 2020)) == (53, 52, 53))
        #expect(try parse("2020-W53").yearEarlier.label == "2019-W52", "2019 has no week 53")
        #expect(try parse("2021-W01").previous.label == "2020-W53")
    }

    @Test("last N days end at the store's current hour")
    func lastDays() throws {
        let p = try parse("last-30d")
        #expect(p.end == 1_793_577_600 + 3600 && p.start == p.end - 30 * 86_400 && p.label == "last-30d")
        #expect(p.previous.end == p.start)
        #expect(p.yearEarlier.end == p.end - 364 * 86_400)
        #expect(try parse("last-7d").hours == 168)
    }

    @Test("years: bounds, label, previous and next")
    func years() throws {
        let y = try parse("2026")
        #expect((y.start, y.end, y.label, y.length) == (1_767_225_600, Self.jan1y27, "2026", .year))
        #expect(y.previous.label == "2025" && y.yearEarlier == y.previous && y.next.start == y.end && y.next.label == "2027")
    }

    @Test("next is the inverse of previous for every length, across year ends", arguments: ["2026-12", "2026-Q4", "2026-W53", "2027-W01", "2026", "last-30d"])
    func nextUndoesPrevious(text: String) throws {
        let p = try parse(text)
        #expect(p.next.previous == p && p.previous.next == p)
        #expect(p.next.start == p.end)
    }

    @Test("the period holding a moment, and the last whole one before it")
    func containingAndLastComplete() {
        let monday = 1_793_577_600.0 + 36_000  // Monday 2026-11-02 10:00
        #expect(ReviewPeriod.containing(monday, length: .week).label == "2026-W45")
        #expect(ReviewPeriod.containing(monday, length: .month).label == "2026-11")
        #expect(ReviewPeriod.containing(monday, length: .quarter).label == "2026-Q4")
        #expect(ReviewPeriod.containing(monday, length: .year).label == "2026")
        #expect(ReviewPeriod.lastComplete(.week, before: monday).label == "2026-W44")
        #expect(ReviewPeriod.lastComplete(.quarter, before: monday).label == "2026-Q3")
        // 2027-01-01 is a Friday in ISO 2026-W53; 2025-12-29 a Monday in 2026-W01.
        #expect(ReviewPeriod.containing(Double(Self.jan1y27), length: .week).label == "2026-W53")
        #expect(ReviewPeriod.containing(1_766_966_400, length: .week).label == "2026-W01")
        #expect(ReviewPeriod.containing(1_766_966_400 - 1, length: .week).label == "2025-W52")
    }

    @Test("compare cycles none → previous → year earlier")
    func compareCycle() throws {
        let nov = try parse("2026-11")
        #expect(ReviewCompare.none.next == .previous && ReviewCompare.previous.next == .yearEarlier && ReviewCompare.yearEarlier.next == ReviewCompare.none)
        #expect(ReviewCompare.none.period(for: nov) == nil)
        #expect(ReviewCompare.previous.period(for: nov)?.label == "2026-10" && ReviewCompare.yearEarlier.period(for: nov)?.label == "2025-11")
    }

    @Test("bad periods are refused with the column where the problem starts", arguments: [
        ("2026-13", 6, "month"), ("2026-Q5", 7, "quarter"), ("2027-W53", 7, "52 weeks"), ("2026-W00", 7, "week"),
        ("last-0d", 6, "days"), ("last-30", 7, "ending in d"), ("last-99999d", 6, "days"), ("Oct", 1, "expected"), ("", 1, "empty"),
        ("1969-05", 1, "year"), ("1969", 1, "year"), ("202", 1, "expected"), ("2026-1", 6, "month"), ("2026-1١", 6, "month"), ("2026/11", 1, "expected"),
        (String(repeating: "9", count: 40), 33, "longer"),
    ])
    func badInput(text: String, column: Int, reason: String) {
        #expect {
            try ReviewPeriod.parse(text, now: 1_793_577_600)
        } throws: { error in
            guard let e = error as? ReviewPeriodError else { return false }
            return e.column == column && e.reason.contains(reason) && e.description.contains("column \(column)")
        }
    }
}

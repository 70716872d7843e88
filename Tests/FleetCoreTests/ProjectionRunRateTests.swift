import Testing
@testable import FleetCore

/// A month-end projection on under a day of the month is judged a run rate, once, in FleetCore.
@Suite("Projection run rate")
struct ProjectionRunRateTests {
    @Test("run rate on the hours counted since the store began or the month turned; a trend from a day on")
    func hoursCounted() throws {
        var s = BookkeepingRandomTests.state()
        s.apply(.clock(at: s.now + 60))
        let since = try #require(s.teamUsage[0].countedSince)
        s.apply(.clock(at: since + 8 * 3600))
        #expect(s.projectionRunRateHours(team: 0) == 8)
        #expect(s.budgetStatus(team: 0)?.runRateHours == 8)
        s.apply(.clock(at: since + FleetState.projectionTrendHours * 3600 - 1))
        #expect(abs((s.projectionRunRateHours(team: 0) ?? 0) - (FleetState.projectionTrendHours - 1.0 / 3600)) < 1e-9)
        s.apply(.clock(at: since + FleetState.projectionTrendHours * 3600))
        #expect(s.projectionRunRateHours(team: 0) == nil)
        #expect(s.budgetStatus(team: 0)?.runRateHours == nil)
        // A new month counts from its start again.
        let next = UTCCalendar.nextMonthStart(after: UTCCalendar.monthStart(containing: s.now))
        s.apply(.clock(at: next + 3 * 3600))
        #expect(s.projectionRunRateHours(team: 0) == 3)
        #expect(s.projectionRunRateHours(team: 99) == nil)
    }
}

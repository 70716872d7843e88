@testable import FleetCore
import Testing
@testable import FleetPanes

/// `:cost`'s summary: month to date begun within the month says since when, as the overview's top teams do.
@Suite struct CostSummaryTests {
    @Test func monthToDateBegunMidMonthSaysSince() throws {
        let c = try GoldenFrameTests.context(theme: "default")  // the simulated store began 2026-11-02 00:00
        #expect(c.state.monthToDateSince.map { UTCCalendar.format($0) } == "2026-11-02 00:00")
        let lines = CostPane.summary(ctx: c)
        #expect(lines[0].hasSuffix("(since 2026-11-02 00:00 UTC)"))
        // The amount comes first: 80 columns cut the label, not the figure; what is held has its own line that fits.
        #expect(lines[0].prefix(80).contains("month to date $"))
        #expect(lines[1].hasPrefix("held      $") && lines[1].count <= 80)
    }

    @Test func aWholeMonthSaysNoSince() throws {
        var c = try GoldenFrameTests.context(theme: "default")
        c.state.apply(.clock(at: UTCCalendar.nextMonthStart(after: c.state.now) + 120))
        #expect(c.state.monthToDateSince == nil)
        #expect(!CostPane.summary(ctx: c)[0].contains("since"))
    }
}

@testable import FleetCore
import FleetTUI
import Testing
@testable import FleetPanes

/// The overview's top spending teams: a team over its quota says so, and a month to date begun mid-month says since when.
@Suite struct TopTeamsTests {
    func lines(_ ctx: FrameContext) -> [String] {
        var buffer = CellBuffer(width: 100, height: 8)
        TopTeams.draw(ctx, into: &buffer, in: Rect(x: 0, y: 0, width: 100, height: 8))
        return buffer.lines()
    }

    @Test func overQuotaTeamIsMarkedInWords() throws {
        var c = try GoldenFrameTests.context(theme: "default")
        let top = try #require(c.state.teamUsage.indices.max { c.state.teamUsage[$0].costPerHour < c.state.teamUsage[$1].costPerHour })
        let name = c.state.org.teams[top].name
        #expect(!(lines(c).first { $0.contains(name) } ?? "").contains("OVER QUOTA"))
        // Its pool quota allows no borrowing and it holds more than the nominal GPUs.
        let quota = TeamQuota(team: name, pool: nil, model: nil, nominal: 1, borrowingLimit: 0, lendingLimit: nil, cohort: nil)
        c.kpis.teamStandings[top] = TeamStanding(team: name, quotas: [QuotaStanding(quota: quota, using: 5)])
        let row = try #require(lines(c).first { $0.contains(name) })
        #expect(row.contains("OVER QUOTA"))
    }

    @Test func borrowingNamesThePoolBesideATeamUnderItsTotal() throws {
        var c = try GoldenFrameTests.context(theme: "default")
        let top = try #require(c.state.teamUsage.indices.max { c.state.teamUsage[$0].costPerHour < c.state.teamUsage[$1].costPerHour })
        let name = c.state.org.teams[top].name
        // Past nominal in spot only, well within its other pool: the org total is no longer what decides.
        let spot = TeamQuota(team: name, pool: "spot", model: nil, nominal: 2, borrowingLimit: 8, lendingLimit: nil, cohort: nil)
        let train = TeamQuota(team: name, pool: "train", model: nil, nominal: 500, borrowingLimit: 0, lendingLimit: nil, cohort: nil)
        c.kpis.teamStandings[top] = TeamStanding(team: name, quotas: [QuotaStanding(quota: spot, using: 5),
                                                                      QuotaStanding(quota: train, using: 10)])
        let row = try #require(lines(c).first { $0.contains(name) })
        #expect(row.contains("borrows in spot") && !row.contains("train"))
    }

    @Test func titleWithSinceFitsTheLeftColumnAt140Columns() throws {
        let c = try GoldenFrameTests.context(theme: "default")
        let since = try #require(c.state.teamUsage.indices.compactMap { c.state.monthToDateSince(team: $0) }.min())
        // 140 columns give the left column 74.
        for width in [74, 60, 52] {
            let title = TopTeams.title(since: since, width: width)
            #expect(displayWidth(title) <= width && title.contains("MTD since 2026-11-02 00:00 UTC"))
        }
        #expect(TopTeams.title(since: since, width: 84).contains("projected month-end vs budget"))
        var buffer = CellBuffer(width: 140, height: 50)
        OverviewPane.draw(ui: UIState(), ctx: c, into: &buffer, in: Rect(x: 0, y: 0, width: 140, height: 50))
        // Ten fleet hours into the store: the projection is a run rate, and its legend comes first.
        #expect(buffer.lines().contains { $0.contains("TOP SPENDING TEAMS (~ run-rate on 10 h; MTD since 2026-11-02 00:00 UTC)") })
        for width in [74, 60, 52] {
            let title = TopTeams.title(since: since, runRate: "~ run-rate on 10 h", width: width)
            #expect(displayWidth(title) <= width && title.contains("MTD since 2026-11-02 00:00 UTC"))
        }
    }

    @Test func projectionOnFewHoursIsMarkedAsARunRate() throws {
        var c = try GoldenFrameTests.context(theme: "default")  // 10 fleet hours since the store began
        let marked = lines(c)
        #expect(marked[0].contains("~ run-rate on 10 h"))
        #expect(marked.dropFirst(2).prefix(5).allSatisfy { $0.contains(" %~") })
        // A day into the month's count the projection reads as a trend: no mark, no legend.
        c.state.apply(.clock(at: c.state.now + 14 * 3600))
        #expect(!lines(c).joined().contains("~"))
    }

    @Test func monthToDateBegunMidMonthSaysSince() throws {
        let c = try GoldenFrameTests.context(theme: "default")  // the simulated store began 2026-11-02 00:00
        #expect(lines(c)[0].contains("MTD since 2026-11-02 00:00 UTC"))
    }
}

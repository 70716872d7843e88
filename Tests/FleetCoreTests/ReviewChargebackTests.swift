import FleetCore
import Testing
@testable import FleetFeeds

@Suite("Review pack against chargeback")
struct ReviewChargebackTests {
    @Test("the month's GPU-hours per team in the pack equal chargeback's for a simulated fleet observed hour by hour")
    func teamsEqualChargeback() throws {
        let (state, hours) = simulatedRollups(seed: 11, gpus: 64, teams: 3, hours: 6)
        let month = try ReviewPeriod.parse("2026-11", now: state.now)
        let pack = ReviewPack.derive(period: month, rollups: KPIRollup.days(from: hours), targets: ReviewTargets(state: state))
        let lines = Chargeback.lines(state, from: Double(month.start), to: Double(month.end))
        let rows = try #require(pack.section(.teams)?.rows)
        #expect(rows.count == state.org.teams.count)
        for team in state.org.teams {
            let billed = lines.filter { $0.team == team.name }.reduce(0) { $0 + $1.gpuHours }
            let reviewed = try #require(rows.first { $0.scope == RollupScope(.team, team.name) }?[.allocatedGPUHours]?.value)
            #expect(billed > 0)
            #expect(abs(billed - reviewed) <= max(1e-6, billed * 1e-9), "\(team.name): chargeback \(billed), review \(reviewed)")
        }
    }
}

import FleetCore
import FleetFeeds
import FleetStore
import FleetWriter
import Foundation
import Testing

@Suite("Review of a demo store against chargeback")
struct DemoReviewTests {
    @Test("a demo store's history ends where the warm-up starts; the warm-up's and live hours are rolled up from the fleet, so the week's GPU-hours per team equal chargeback's")
    func warmUpHoursEqualChargeback() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let config = SimulatorConfig(seed: 11, gpuCount: 64, teamCount: 3)
        // Two fleet hours of warm-up, then one a tick per turn (the feed is due every 30 µs of wall time).
        let feed = SimulatorFeed(simulator: FleetSimulator(config: config), speed: 1e6, warmupSeconds: 2 * 3600)
        let loop = try writerLoop(path: dir.path, feeds: [feed], now: t0)
        var k = 0.0
        while loop.isWarmingUp, k < 600 {
            loop.turn(now: t0 + k)
            usleep(20_000)
            k += 0.02
        }
        let end = config.epoch + 3 * 3600
        while loop.state.now < end, k < 1200 {
            k += 0.001
            loop.turn(now: t0 + k)
        }
        #expect(loop.state.now == end && loop.lastError == nil, "\(loop.state.now - end) s past the hour: \(loop.lastError ?? "")")
        let hours = try loop.store.rollups(resolution: RollupSeries.hours.key, from: 0, to: .max, as: [KPIRollup].self).map(\.start)
        #expect(hours.count == 90 * 24 + 3, "90 modelled days, two warm-up hours and one live hour")
        #expect(hours.last == Int64(end) - 3600)
        #expect(hours[90 * 24 - 1] == Int64(config.epoch) - 3600, "the modelled history ends where the warm-up starts")

        // The forecasts start from the modelled days, not after 50 sampled hours.
        let demand = try #require(loop.state.demand)
        #expect(demand.byPool[DemandHistory.fleetSeries]?.count == DemandHistory.depth)
        #expect(demand.forecasts["pool:\(DemandHistory.fleetSeries)"]?.historyHours == DemandHistory.depth)
        for team in loop.state.org.teams { #expect(demand.forecasts["team:\(team.name)"] != nil, "\(team.name) forecast") }

        let week = try ReviewPeriod.parse("2026-W45", now: loop.state.now)
        #expect(week.start == Int(config.epoch))
        let pack = ReviewPack.derive(period: week, rollups: try ReviewHistory.rollups(of: week, in: loop.store),
                                     targets: ReviewTargets(state: loop.state))
        let lines = Chargeback.lines(loop.state, from: Double(week.start), to: Double(week.end))
        let rows = try #require(pack.section(.teams)?.rows)
        for team in loop.state.org.teams {
            let billed = lines.filter { $0.team == team.name }.reduce(0) { $0 + $1.gpuHours }
            let reviewed = try #require(rows.first { $0.scope == RollupScope(.team, team.name) }?[.allocatedGPUHours]?.value)
            #expect(billed > 0)
            #expect(abs(billed - reviewed) <= max(1e-6, billed * 1e-9), "\(team.name): chargeback \(billed), review \(reviewed)")
        }
    }
}

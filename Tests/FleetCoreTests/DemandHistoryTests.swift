import Testing
@testable import FleetCore

@Suite("Demand history")
struct DemandHistoryTests {
    @Test("hourly demand per pool, team and the whole fleet; hours jumped over repeat; forecasts after 50 hours")
    func sampling() {
        var s = Fixture.state()
        let t0 = Fixture.t0
        s.apply([Fixture.submit("a", gpus: 2, at: t0 + 10), Fixture.submit("b", team: "vision", gpus: 3, at: t0 + 20)])
        s.apply(.jobStarted(id: "a", at: t0 + 30, gpus: [0, 1]))
        s.apply(.clock(at: t0 + 3600))
        let d = s.demand
        #expect(d?.byPool["p"] == [2])
        #expect(d?.byPool[DemandHistory.fleetSeries] == [5])  // 2 held + 3 asked for
        #expect(d?.byTeam["nlp"] == [2] && d?.byTeam["vision"] == [3])
        s.apply(.clock(at: t0 + 5 * 3600))
        #expect(s.demand?.byPool["p"] == [2, 2, 2, 2, 2])
        #expect(s.demand?.forecasts.isEmpty == true)
        s.apply(.clock(at: t0 + 60 * 3600))
        #expect(s.demand?.byPool["p"]?.count == 60)
        #expect(s.demand?.forecasts["pool:p"]?.points.count == DemandHistory.horizon)
        #expect(s.demand?.forecasts["pool:p"]?.points.first.map { abs($0.mean - 2) < 0.01 } == true)
    }
}

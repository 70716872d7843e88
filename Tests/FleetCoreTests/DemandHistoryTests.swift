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

@Suite("Demand history from rollups")
struct DemandHistoryRollupTests {
    /// An hourly rollup of `scope` that stands for the sample labelled `label` (the hour before it).
    private func hour(_ scope: RollupScope, label: Int, held: Double, asked: Double = 0) -> KPIRollup {
        var r = KPIRollup(start: (label - 1) * 3600, resolution: .hour, scope: scope)
        r.add(1, to: .coveredHours)
        r.add(held, to: .allocatedGPUHours)
        r.add(asked, to: .pendingGPUHours)
        return r
    }

    @Test("rollups before the first sampled hour go in front of each sampled series, back to the first gap; then forecasts")
    func prependsUpToAGap() throws {
        var s = Fixture.state()
        let t0 = Fixture.t0
        s.apply([Fixture.submit("a", gpus: 2, at: t0 + 10), Fixture.submit("b", team: "vision", gpus: 3, at: t0 + 20)])
        s.apply(.jobStarted(id: "a", at: t0 + 30, gpus: [0, 1]))
        s.apply(.clock(at: t0 + 3600))
        s.apply(.clock(at: t0 + 2 * 3600))
        let last = try #require(s.demand?.lastHour)
        let first = last - 1  // two sampled hours
        var rollups: [KPIRollup] = []
        // 60 hours before the first sample for the pool and the fleet; team nlp only 3, then a gap.
        for k in 1...60 {
            rollups.append(hour(RollupScope(.pool, "p"), label: first - k, held: Double(k)))
            rollups.append(hour(.fleet, label: first - k, held: Double(k), asked: 1))
        }
        for k in [1, 2, 3, 5, 6] { rollups.append(hour(RollupScope(.team, "nlp"), label: first - k, held: 10, asked: Double(k))) }
        rollups.append(hour(RollupScope(.team, "ghost"), label: first - 1, held: 4))
        rollups.append(hour(RollupScope(.cluster, "c"), label: first - 1, held: 99))
        s.prependDemandHistory(rollups)
        let d = try #require(s.demand)
        #expect(d.byPool["p"] == (1...60).reversed().map(Double.init) + [2, 2])
        #expect(d.byPool[DemandHistory.fleetSeries] == (1...60).reversed().map { Double($0 + 1) } + [5, 5])
        #expect(d.byTeam["nlp"] == [13, 12, 11, 2, 2], "back to the gap at hour first - 4")
        #expect(d.byTeam["vision"] == [3, 3], "no rollups: unchanged")
        #expect(d.byTeam["ghost"] == nil, "never sampled live: not made up")
        #expect(d.lastHour == last)
        #expect(d.forecasts["pool:p"]?.historyHours == 62, "refitted on the longer history")
    }

    @Test("never past the depth; nothing sampled yet: nothing to join")
    func keepsTheDepth() throws {
        var s = Fixture.state()
        s.prependDemandHistory([hour(RollupScope(.pool, "p"), label: 1, held: 1)])
        #expect(s.demand == nil)
        s.apply(.clock(at: Fixture.t0 + 3600))
        let first = try #require(s.demand?.lastHour)
        s.prependDemandHistory((1...(DemandHistory.depth + 50)).map { hour(RollupScope(.pool, "p"), label: first - $0, held: 7) })
        let series = try #require(s.demand?.byPool["p"])
        #expect(series.count == DemandHistory.depth)
        #expect(series.last == 0 && series.dropLast().allSatisfy { $0 == 7 })
    }
}

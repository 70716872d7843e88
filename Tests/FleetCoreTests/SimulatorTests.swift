import Testing
import FleetCore
@testable import FleetFeeds

@Suite struct SimulatorTests {
    @Test func sameSeedSameEventsDifferentSeedDifferentEvents() {
        func run(_ seed: UInt64) -> [FleetEvent] {
            let sim = FleetSimulator(config: SimulatorConfig(seed: seed))
            var s = FleetState()
            s.apply(sim.genesis())
            return (0..<120).flatMap { _ in sim.step(&s) }
        }
        #expect(run(7) == run(7))
        #expect(run(7) != run(8))
    }

    @Test func resumingFromStateMatchesAnUninterruptedRun() {
        let sim = FleetSimulator(config: SimulatorConfig(seed: 3))
        var a = FleetState()
        a.apply(sim.genesis())
        sim.run(&a, until: sim.config.epoch + 3600)
        var b = a  // As if restored from a snapshot.
        let nextA = (0..<60).flatMap { _ in sim.step(&a) }
        let nextB = (0..<60).flatMap { _ in sim.step(&b) }
        #expect(nextA == nextB)
    }

    @Test func defaultFleetHasTheShapeTheIssueAsksFor() {
        let sim = FleetSimulator(config: SimulatorConfig())
        var s = FleetState()
        s.apply(sim.genesis())
        sim.run(&s, until: sim.config.epoch + 6 * 3600)
        #expect(s.gpus.count == 512)
        #expect(s.fleet.clusters.count == 2 && s.fleet.pools.count == 4)
        #expect(Set(s.fleet.models.map(\.name)) == ["H100", "A100", "L40S"])
        #expect(s.org.teams.count >= 8)
        #expect(s.jobTotals.started > 20 && s.jobTotals.completed > 0)
        let k = FleetKPIs.derive(from: s, wallNow: nil)
        #expect((k.allocation ?? 0) > 0.3)
        #expect(k.busy != nil && k.costPerHour != nil)
        #expect(s.kpiHistory.samples.count == KPIHistory.depth)
    }

    @Test func scalesToLargeFleets() {
        let sim = FleetSimulator(config: SimulatorConfig(gpuCount: 100_000, teamCount: 500))
        var s = FleetState()
        s.apply(sim.genesis())
        _ = sim.step(&s)
        #expect(s.gpus.count == 100_000 && s.org.teams.count == 500)
    }
}

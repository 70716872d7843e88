import Testing
import FleetCore
@testable import FleetFeeds

@Suite("Batch apply")
struct BatchApplyTests {
    @Test("applying a long stretch at once keeps the same last-hour KPI and queue histories as one by one")
    func batchEqualsOneByOne() {
        let sim = FleetSimulator(config: SimulatorConfig(seed: 3, gpuCount: 64, teamCount: 3))
        var source = FleetState()
        source.apply(sim.genesis())
        var events: [FleetEvent] = []
        var sink = source
        // Three simulated hours of events, collected.
        while sink.now < sim.config.epoch + 3 * 3600 { events += sim.step(&sink) }
        var oneByOne = source, batch = source
        for e in events { oneByOne.apply(e) }
        batch.apply(events)
        #expect(batch.now == oneByOne.now)
        #expect(batch.kpiHistory == oneByOne.kpiHistory)
        #expect(batch.queues?.depthByClass == oneByOne.queues?.depthByClass)
        #expect(batch.jobTotals == oneByOne.jobTotals)
    }
}

import Testing
import FleetCore
@testable import FleetFeeds

@Suite("The simulator feed's warm-up of a new store")
struct SimulatorWarmUpTests {
    @Test("reports every fleet minute it fast-forwards and makes the same fleet as one uninterrupted run")
    func reportsMinutesAndKeepsTheFleet() throws {
        let config = SimulatorConfig(seed: 7, gpuCount: 64, teamCount: 3)
        let feed = SimulatorFeed(simulator: FleetSimulator(config: config), speed: 1, warmupSeconds: 12 * 60)
        let progress = WarmUpProgress()
        let warm = try #require(feed.warmUp?(FleetState(), progress))
        #expect(progress.minutesDone == 12)

        let simulator = FleetSimulator(config: config)
        var direct = FleetState()
        direct.apply(simulator.genesis())
        simulator.run(&direct, until: config.epoch + 12 * 60)
        #expect(warm.now == direct.now)
        #expect(warm.jobSlots.map { $0?.id } == direct.jobSlots.map { $0?.id })
        #expect(warm.jobSlots.map { $0?.state } == direct.jobSlots.map { $0?.state })
        #expect(warm.gpus.utilPercent == direct.gpus.utilPercent)
    }
}

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

    @Test("a copy asked for is the fleet at the next fleet minute, read on every GPU, and the run goes on as if none was taken")
    func publishesACopyOnRequestWithoutChangingTheRun() throws {
        let config = SimulatorConfig(seed: 7, gpuCount: 64, teamCount: 3)
        // Long enough that its first minutes sample only idling jobs' GPUs.
        let minutes = 70
        let feed = SimulatorFeed(simulator: FleetSimulator(config: config), speed: 1, warmupSeconds: Double(minutes) * 60)
        let progress = WarmUpProgress()
        progress.requestPreview()
        let warm = try #require(feed.warmUp?(FleetState(), progress))
        let preview = try #require(progress.preview, "asked before the first minute, published after it")
        #expect(!progress.wantsPreview, "one request, one copy")

        let simulator = FleetSimulator(config: config)
        let everyGPUFrom = config.epoch + Double(minutes) * 60 - simulator.telemetryMemorySeconds
        #expect(everyGPUFrom > config.epoch + 60)
        var direct = FleetState()
        direct.apply(simulator.genesis())
        simulator.run(&direct, until: config.epoch + 60, everyGPUFrom: everyGPUFrom)
        #expect(preview.now == config.epoch + 60)
        #expect(preview.jobSlots.map { $0?.id } == direct.jobSlots.map { $0?.id })
        let upGPUs = direct.nodes.filter { $0.state != .down }.flatMap { $0.firstGPU..<($0.firstGPU + $0.gpuCount) }
        #expect(upGPUs.allSatisfy { preview.gpus.sampledAt[$0] == preview.now }, "every GPU read, as on the live fleet")
        #expect(!upGPUs.allSatisfy { direct.gpus.sampledAt[$0] == direct.now }, "the run itself read only idling jobs' GPUs")

        simulator.run(&direct, until: config.epoch + Double(minutes) * 60, everyGPUFrom: everyGPUFrom)
        #expect(warm.now == direct.now)
        #expect(warm.jobSlots.map { $0?.id } == direct.jobSlots.map { $0?.id })
        #expect(warm.jobSlots.map { $0?.state } == direct.jobSlots.map { $0?.state })
        #expect(warm.gpus.utilPercent == direct.gpus.utilPercent)
        #expect(warm.gpus.sampledAt == direct.gpus.sampledAt)
    }

    @Test("without a request the warm-up publishes nothing (a collector pays for no copy)")
    func publishesNothingUnasked() throws {
        let config = SimulatorConfig(seed: 7, gpuCount: 16, teamCount: 2)
        let feed = SimulatorFeed(simulator: FleetSimulator(config: config), speed: 1, warmupSeconds: 3 * 60)
        let progress = WarmUpProgress()
        _ = try #require(feed.warmUp?(FleetState(), progress))
        #expect(progress.preview == nil)
    }
}

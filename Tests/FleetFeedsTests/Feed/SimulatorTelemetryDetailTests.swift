import Testing
import FleetCore
@testable import FleetFeeds

@Suite("A fast-forward that samples only idling jobs' GPUs until the state's telemetry memory begins")
struct SimulatorTelemetryDetailTests {
    static let config = SimulatorConfig(seed: 7, gpuCount: 512, teamCount: 9)

    @Test("a skipped tick reports exactly the GPUs of running jobs that idle, on nodes that are not down")
    func idleJobsOnlyBatch() throws {
        let simulator = FleetSimulator(config: Self.config)
        var state = FleetState()
        state.apply(simulator.genesis())
        simulator.run(&state, until: Self.config.epoch + 3 * 3600)
        var full = state, skipped = state
        let everyGPU = try #require(Self.telemetry(simulator.step(&full, telemetry: .everyGPU)))
        let idleOnly = try #require(Self.telemetry(simulator.step(&skipped, telemetry: .idleJobsOnly)))
        let expected = full.jobSlots.compactMap { $0 }.filter { $0.state == .running && simulator.workload.fate(id: $0.id, priorityClass: $0.priorityClass).idles }
            .flatMap(\.gpuIndices).filter { full.nodes[Int(full.gpus.node[Int($0)])].state != .down }
        #expect(!expected.isEmpty)
        #expect(Set(idleOnly.gpus) == Set(expected))
        #expect(idleOnly.gpus.count < everyGPU.gpus.count)
        // The detail changes no job's fate: telemetry draws last from the tick's random stream.
        #expect(skipped.jobSlots == full.jobSlots)
        #expect(skipped.nodes.map(\.state) == full.nodes.map(\.state))
    }

    @Test("the warm-up ends with the jobs, idle clocks, readings, rings and sparklines of a run that sampled every GPU")
    func warmUpEqualsFullRun() throws {
        let simulator = FleetSimulator(config: Self.config)
        let warmup = 180.0 * 60
        let feed = SimulatorFeed(simulator: simulator, speed: 1, warmupSeconds: warmup)
        let warm = try #require(feed.warmUp?(FleetState(), WarmUpProgress()))

        var direct = FleetState()
        direct.apply(simulator.genesis())
        let end = Self.config.epoch + warmup
        simulator.run(&direct, until: end - simulator.telemetryMemorySeconds)
        // A GPU whose node was down in the last hour keeps older readings in the full run: not compared.
        var downInWindow = Set(direct.nodes.indices.filter { direct.nodes[$0].state == .down })
        while Self.config.time(ofTick: simulator.currentTick(of: direct) + 1) <= end {
            _ = simulator.step(&direct)
            downInWindow.formUnion(direct.nodes.indices.filter { direct.nodes[$0].state == .down })
        }
        #expect(warm.now == direct.now)
        #expect(warm.jobSlots == direct.jobSlots)
        #expect(warm.kpiHistory == direct.kpiHistory)
        let compared = (0..<direct.gpus.count).filter { !downInWindow.contains(Int(direct.gpus.node[$0])) }
        #expect(compared.count >= 400)
        #expect(compared.contains { !direct.gpus.idleSince[$0].isNaN })
        for g in compared {
            #expect(warm.gpus.utilPercent[g] == direct.gpus.utilPercent[g], "GPU \(g) utilisation")
            #expect(warm.history.utilization(gpu: g) == direct.history.utilization(gpu: g), "GPU \(g) ring")
            #expect(warm.history.power(gpu: g) == direct.history.power(gpu: g), "GPU \(g) power ring")
            let a = warm.gpus.idleSince[g], b = direct.gpus.idleSince[g]
            #expect(a == b || (a.isNaN && b.isNaN), "GPU \(g) idle since")
        }
    }

    private static func telemetry(_ events: [FleetEvent]) -> TelemetryBatch? {
        for event in events { if case .telemetry(let batch) = event { return batch } }
        return nil
    }
}

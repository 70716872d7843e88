import Testing
@testable import FleetCore
import FleetFeeds

@Suite("Team holdings kept by the reducer")
struct TeamHoldingsTests {
    /// Two pools × two models: a GPU's pool and model come from its node.
    static func state() -> FleetState {
        var s = FleetState()
        s.apply(.clock(at: Fixture.t0))
        s.apply(.fleetDefined(FleetSpec(
            name: "two", clusters: [Cluster(name: "c", region: "r")],
            pools: [Pool(name: "p0", cluster: 0, purchase: .onPrem), Pool(name: "p1", cluster: 0, purchase: .spot)],
            models: [GPUModel(name: "H100", memoryMiB: 80_000, tdpWatts: 700), GPUModel(name: "A100", memoryMiB: 40_000, tdpWatts: 400)],
            nodes: [NodeSpec(name: "n0", pool: 0, model: 0, gpuCount: 2, zone: "z", gpuUUIDs: ["g0", "g1"]),
                    NodeSpec(name: "n1", pool: 1, model: 1, gpuCount: 2, zone: "z", gpuUUIDs: ["g2", "g3"]),
                    NodeSpec(name: "n2", pool: 1, model: 0, gpuCount: 2, zone: "z", gpuUUIDs: ["g4", "g5"])])))
        s.apply(.orgDefined(OrgSpec(name: "o", departments: [Department(name: "d", costCenter: "cc")], teams: [
            Team(name: "nlp", department: 0, costCenter: "cc", quotaGPUs: 2, borrowingLimitGPUs: 1, monthlyBudget: 1000, projects: []),
            Team(name: "vision", department: 0, costCenter: "cc", quotaGPUs: 2, borrowingLimitGPUs: 0, monthlyBudget: 1000, projects: []),
        ])))
        s.apply(.policyDefined(PolicySpec(source: "test", priorityClasses: PolicySpec.defaultPriorityClasses, prices: [])))
        return s
    }

    /// Held GPUs of `team` as [pool][model].
    static func grid(_ s: FleetState, team: Int) -> [[Int]] {
        let h = s.teamHoldings ?? TeamHoldings(teams: 0, pools: 0, models: 0)
        return (0..<2).map { p in (0..<2).map { m in h.held(team: team, pool: p, model: m) } }
    }

    /// Allocated GPUs per team recounted from the running jobs (what `teamUsage.allocatedGPUs` must always equal).
    static func allocatedByJobs(_ s: FleetState) -> [Int] {
        var counts = [Int](repeating: 0, count: s.org.teams.count)
        for case let job? in s.jobSlots where job.state == .running && job.team >= 0 && Int(job.team) < counts.count {
            counts[Int(job.team)] += job.gpuIndices.count
        }
        return counts
    }

    @Test("start, place, end, a fleet and an org redefinition: the counts equal a recount after every event")
    func followsEvents() {
        var s = Self.state()
        let t0 = Fixture.t0
        let events: [FleetEvent] = [
            Fixture.submit("a", team: "nlp", gpus: 3, at: t0),
            Fixture.submit("b", team: "vision", gpus: 2, at: t0),
            .jobStarted(id: "a", at: t0 + 1, gpus: [0, 2]),
            .jobStarted(id: "b", at: t0 + 2, gpus: [2, 4, 5]),  // GPU 2 is a's: b gets 4 and 5 only
            .jobPlaced(id: "a", gpus: [3]),
            Fixture.telemetry(at: t0 + 3, util: [50, 0, 10, 20, 30, 40]),
            .jobEnded(id: "b", at: t0 + 4, outcome: .completed),
        ]
        var grids: [[[Int]]] = []
        for e in events {
            s.apply(e)
            #expect(s.teamHoldings == TeamHoldings.count(s))
            #expect(s.teamUsage.map(\.allocatedGPUs) == Self.allocatedByJobs(s))
            grids.append(Self.grid(s, team: 0) + Self.grid(s, team: 1))
        }
        // After a starts: one H100 in p0, one A100 in p1; b: two H100 in p1; a's place: another A100 in p1.
        #expect(grids[2] == [[1, 0], [0, 1], [0, 0], [0, 0]])
        #expect(grids[3] == [[1, 0], [0, 1], [0, 0], [2, 0]])
        #expect(grids[4] == [[1, 0], [0, 2], [0, 0], [2, 0]])
        #expect(grids[6] == [[1, 0], [0, 2], [0, 0], [0, 0]])

        // Node n1 leaves the fleet: a keeps only its GPU on n0.
        s.apply(.fleetDefined(FleetSpec(
            name: "two", clusters: [Cluster(name: "c", region: "r")],
            pools: [Pool(name: "p0", cluster: 0, purchase: .onPrem), Pool(name: "p1", cluster: 0, purchase: .spot)],
            models: [GPUModel(name: "H100", memoryMiB: 80_000, tdpWatts: 700), GPUModel(name: "A100", memoryMiB: 40_000, tdpWatts: 400)],
            nodes: [NodeSpec(name: "n0", pool: 0, model: 0, gpuCount: 2, zone: "z", gpuUUIDs: ["g0", "g1"])])))
        #expect(s.teamHoldings == TeamHoldings.count(s))
        #expect(Self.grid(s, team: 0) == [[1, 0], [0, 0]])
        #expect(s.teamUsage.map(\.allocatedGPUs) == [1, 0])  // a held 3 GPUs, 2 of them on n1

        // Teams swap places in the org: the counts follow the names.
        s.apply(.orgDefined(OrgSpec(name: "o", departments: [Department(name: "d", costCenter: "cc")], teams: [
            Team(name: "vision", department: 0, costCenter: "cc", quotaGPUs: 2, borrowingLimitGPUs: 0, monthlyBudget: 1000, projects: []),
            Team(name: "nlp", department: 0, costCenter: "cc", quotaGPUs: 2, borrowingLimitGPUs: 1, monthlyBudget: 1000, projects: []),
        ])))
        #expect(s.teamHoldings == TeamHoldings.count(s))
        #expect(Self.grid(s, team: 1) == [[1, 0], [0, 0]])
        #expect(Self.grid(s, team: 0) == [[0, 0], [0, 0]])
        s.apply(.jobEnded(id: "a", at: t0 + 5, outcome: .failed))
        #expect(s.teamHoldings == TeamHoldings.count(s))
        #expect(s.teamUsage.map(\.allocatedGPUs) == [0, 0])
        #expect(Self.grid(s, team: 1) == [[0, 0], [0, 0]])
    }

    @Test("two simulated hours, minute by minute: the counts never drift from a recount")
    func noDriftUnderSimulation() {
        let sim = FleetSimulator(config: SimulatorConfig(seed: 11, gpuCount: 256, teamCount: 5))
        var s = FleetState()
        s.apply(sim.genesis())
        var held = 0
        for minute in 1...120 {
            sim.run(&s, until: sim.config.epoch + Double(minute) * 60)
            #expect(s.teamHoldings == TeamHoldings.count(s), "minute \(minute)")
            held = max(held, (0..<s.org.teams.count).reduce(0) { $0 + s.teamUsage[$1].allocatedGPUs })
        }
        #expect(held > 0)  // jobs ran, so the counts moved
    }

    @Test("a state restored without holdings (an older snapshot) counts them at the next job event")
    func restoredWithoutHoldings() throws {
        var s = Self.state()
        s.apply(Fixture.submit("a", gpus: 1, at: Fixture.t0))
        s.apply(.jobStarted(id: "a", at: Fixture.t0, gpus: [1]))
        s.teamHoldings = nil
        #expect(TeamStanding.derive(s).count == 2)  // standings count from the GPU table meanwhile
        s.apply(Fixture.submit("b", gpus: 1, at: Fixture.t0))
        s.apply(.jobStarted(id: "b", at: Fixture.t0, gpus: [4]))
        #expect(s.teamHoldings == TeamHoldings.count(s))
        #expect(Self.grid(s, team: 0) == [[1, 0], [1, 0]])
    }
}

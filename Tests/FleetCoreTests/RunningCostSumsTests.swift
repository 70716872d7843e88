import Testing
@testable import FleetCore
import FleetFeeds

@Suite("Running cost sums kept by the reducer")
struct RunningCostSumsTests {
    /// The sums as (pool, model, price or nil, GPUs, start offsets) for team `team`, sorted, for exact comparison.
    static func groups(_ s: FleetState, team: Int32 = 1) -> [String] {
        (s.runningCosts?.sums ?? [:]).filter { $0.key.team == team }.map { key, sum in
            let price = key.price == .max ? "unpriced" : "\(Double(bitPattern: key.price))"
            return "\(key.project) p\(key.pool) m\(key.model) \(price): \(sum.gpus) GPUs, \(sum.startOffsets) s"
        }.sorted()
    }

    @Test("start, place, end and a requeue: the exact sums after each, equal to a recount")
    func followsJobs() {
        var s = TeamHoldingsTests.state()  // p0/H100 on n0, p1/A100 on n1, p1/H100 on n2; team 1 is vision
        s.apply(.policyDefined(PolicySpec(source: "test", priorityClasses: PolicySpec.defaultPriorityClasses,
                                          prices: [Price(model: "H100", purchase: .onPrem, region: "r", dollarsPerGPUHour: 2)])))
        let t0 = Fixture.t0, day = 86_400.0  // t0 is a day into November
        s.apply(Fixture.submit("a", team: "vision", gpus: 4, at: t0))
        #expect(Self.groups(s).isEmpty)
        s.apply(.jobStarted(id: "a", at: t0 + 60, gpus: [0, 1, 2]))
        #expect(Self.groups(s) == ["x p0 m0 2.0: 2 GPUs, \(2 * (day + 60)) s", "x p1 m1 unpriced: 1 GPUs, \(day + 60) s"])
        #expect(s.runningCosts == RunningCostSums.count(s))
        s.apply(.jobPlaced(id: "a", gpus: [3]))  // later GPUs count from the job's start, as the ledger counts them
        #expect(Self.groups(s) == ["x p0 m0 2.0: 2 GPUs, \(2 * (day + 60)) s", "x p1 m1 unpriced: 2 GPUs, \(2 * (day + 60)) s"])
        #expect(s.runningCosts == RunningCostSums.count(s))
        s.apply(.jobEnded(id: "a", at: t0 + 3600, outcome: .preempted))
        #expect(Self.groups(s).isEmpty)
        // Requeued: the scheduler submits it again under its id, and it starts elsewhere.
        s.apply(Fixture.submit("a", team: "vision", gpus: 2, at: t0 + 3600))
        s.apply(.jobStarted(id: "a", at: t0 + 7200, gpus: [4, 5]))
        #expect(Self.groups(s) == ["x p1 m0 unpriced: 2 GPUs, \(2 * (day + 7200)) s"])
        #expect(s.runningCosts == RunningCostSums.count(s))
    }

    @Test("the month turns: offsets are measured from the new month, a job from before it counts from its start")
    func monthTurns() throws {
        var s = Fixture.state()
        let november = UTCCalendar.monthStart(containing: Fixture.t0), december = UTCCalendar.nextMonthStart(after: november)
        s.apply(Fixture.submit("a", gpus: 2, at: december - 3600))
        s.apply(.jobStarted(id: "a", at: december - 3600, gpus: [0, 1]))
        #expect(s.runningCosts?.monthStart == november)
        s.apply(.clock(at: december + 1800))
        #expect(s.runningCosts?.monthStart == december)
        #expect(Self.groups(s, team: 0) == ["x p0 m0 2.0: 2 GPUs, 0.0 s"])
        // December so far: 2 GPUs × half an hour at $2.
        let byTeam = CostBreakdown.derive(s, by: .team).rows
        #expect(byTeam.map(\.name) == ["nlp"])
        #expect(abs(try #require(byTeam.first).monthToDate - 2) < 1e-9)
    }

    @Test("a simulated fleet: the sums equal a recount after every tick, and the month's cost equals a pass over the jobs")
    func simulated() {
        let sim = FleetSimulator(config: SimulatorConfig(seed: 7, gpuCount: 256, teamCount: 6))
        var s = FleetState()
        s.apply(sim.genesis())
        for _ in 0..<120 {
            _ = sim.step(&s)
            #expect(s.runningCosts == RunningCostSums.count(s))
        }
        #expect((s.runningCosts?.sums.count ?? 0) > 3)
        var walked = s
        walked.runningCosts = nil  // RunningCost walks the jobs without the sums
        for dimension in CostBreakdown.Dimension.allCases {
            let kept = CostBreakdown.derive(s, by: dimension).rows, full = CostBreakdown.derive(walked, by: dimension).rows
            #expect(kept.map(\.name) == full.map(\.name))
            for (a, b) in zip(kept, full) {
                #expect(abs(a.monthToDate - b.monthToDate) < 1e-6)
                #expect(a.perHourByOption.keys.sorted { $0.rawValue < $1.rawValue } == b.perHourByOption.keys.sorted { $0.rawValue < $1.rawValue })
                #expect(abs(a.perHour - b.perHour) < 1e-9)
            }
        }
    }
}

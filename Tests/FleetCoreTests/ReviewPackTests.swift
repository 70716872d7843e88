import FleetCore
import Testing

/// Hand-made daily rollups of a 4-GPU fleet (pool p, teams nlp and vision, class training) for two days of
/// November 2026, and the pack's numbers computed by hand from them.
enum ReviewFixture {
    static let nov2 = 1_793_577_600, nov3 = nov2 + 86_400, oct5 = nov2 - 28 * 86_400, dec1 = 1_796_083_200

    static func rollup(_ start: Int, _ scope: RollupScope, _ sums: [(RollupSum, Double)]) -> KPIRollup {
        var r = KPIRollup(start: start, resolution: .day, scope: scope)
        for (s, v) in sums { r.add(v, to: s) }
        return r
    }

    /// Day A: 48 allocated, 24 drained, 24 idle; day B: 72 allocated, 24 down. Same split for pool p.
    static func capacity(_ start: Int, _ scope: RollupScope, dayB: Bool) -> KPIRollup {
        rollup(start, scope, [(.coveredHours, 24), (.totalGPUHours, 96), (.capacityGPUHours, 72), (.allocatedGPUHours, dayB ? 72 : 48),
                              (.downGPUHours, dayB ? 24 : 0), (.plannedDownGPUHours, dayB ? 0 : 24), (.idleGPUHours, dayB ? 0 : 24),
                              (.sampledAllocatedGPUHours, dayB ? 72 : 48), (.activeGPUHours, dayB ? 48 : 24), (.pendingGPUHours, 24)])
    }

    static var rollups: [KPIRollup] {
        var training = rollup(nov2, RollupScope(.priorityClass, "training"), [(.jobsStarted, 10), (.jobsStartedWithinSLA, 8)])
        var waits = LogHistogram()
        for _ in 0..<10 { waits.record(60) }
        training.waits = waits
        var fleetA = capacity(nov2, .fleet, dayB: false)
        for (s, v) in [(RollupSum.requestsFiled, 3.0), (.requestsApproved, 2), (.requestsDenied, 1), (.overrideGPUHoursGranted, 16)] { fleetA.add(v, to: s) }
        return [
            fleetA, capacity(nov3, .fleet, dayB: true),
            capacity(nov2, RollupScope(.pool, "p"), dayB: false), capacity(nov3, RollupScope(.pool, "p"), dayB: true),
            rollup(nov2, RollupScope(.team, "nlp"), [(.allocatedGPUHours, 60), (.costDollars, 120)]),
            rollup(nov3, RollupScope(.team, "nlp"), [(.allocatedGPUHours, 60), (.costDollars, 120)]),
            rollup(nov2, RollupScope(.team, "vision"), [(.allocatedGPUHours, 0), (.costDollars, 150)]),
            rollup(nov2, RollupScope(.department, "d"), [(.allocatedGPUHours, 120), (.costDollars, 240)]),
            training,
            rollup(dec1, .fleet, [(.allocatedGPUHours, 1000)]),  // outside November: ignored
        ]
    }

    static let compare = [rollup(oct5, .fleet, [(.allocatedGPUHours, 100), (.capacityGPUHours, 200), (.totalGPUHours, 240)])]

    static let targets = ReviewTargets(teams: [
        ReviewTeamTarget(name: "nlp", department: "d", quotaGPUs: 2, monthlyBudget: 3000),
        ReviewTeamTarget(name: "vision", department: "e", quotaGPUs: 1, monthlyBudget: 100),
    ])

    static func pack(compare: Bool = true) throws -> ReviewPack {
        let nov = try ReviewPeriod.parse("2026-11", now: 0)
        return ReviewPack.derive(period: nov, rollups: rollups, compare: compare ? (period: nov.previous, rollups: Self.compare) : nil, targets: targets)
    }
}

@Suite("Review pack derivation")
struct ReviewPackTests {
    private func figure(_ p: ReviewPack, _ k: ReviewSectionKind, _ s: RollupScope, _ m: KPIMetric) -> ReviewFigure? {
        p.section(k)?.rows.first { $0.scope == s }?[m]
    }

    private func near(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

    @Test("capacity: the sreport split, utilisation and Δ from hand-computed rollups; missing stays nil")
    func capacity() throws {
        let p = try ReviewFixture.pack()
        let expected: [(KPIMetric, Double)] = [(.coveredHours, 48), (.totalGPUHours, 192), (.allocatedGPUHours, 120), (.downGPUHours, 24),
                                               (.plannedDownGPUHours, 24), (.idleGPUHours, 24), (.capacityGPUHours, 144),
                                               (.allocation, 120.0 / 144), (.busy, 0.6), (.downShare, 0.25), (.activeGPUHours, 72)]
        for (m, v) in expected { #expect(near(figure(p, .capacity, .fleet, m)?.value, v), "\(m.rawValue)") }
        #expect(figure(p, .capacity, .fleet, .reservedGPUHours)?.value == nil, "no source reports reservations")
        #expect(figure(p, .capacity, .fleet, .effectiveUtilization)?.value == nil, "no capacity telemetry in the fixture")
        let allocated = try #require(figure(p, .capacity, .fleet, .allocatedGPUHours))
        #expect(allocated.compare == 100 && allocated.delta == 20)
        #expect(figure(p, .capacity, .fleet, .busy)?.delta == nil, "October has no busy: no Δ")
        #expect(p.section(.capacity)?.rows.map(\.scope) == [.fleet, RollupScope(.pool, "p")])
        #expect(p.trend.map(\.start) == [ReviewFixture.nov2, ReviewFixture.nov3])
        #expect(near(p.trend.last?[.busy]?.value, 48.0 / 72))
    }

    @Test("queues, teams, cost and governance per scope")
    func scoped() throws {
        let p = try ReviewFixture.pack()
        let training = RollupScope(.priorityClass, "training"), nlp = RollupScope(.team, "nlp"), vision = RollupScope(.team, "vision")
        #expect(near(figure(p, .queues, training, .slaAttainment)?.value, 0.8))
        #expect(figure(p, .queues, training, .waitP50)?.value.map { $0 >= 60 && $0 < 75 } == true)
        #expect(near(figure(p, .teams, nlp, .quotaGPUHours)?.value, 1440))
        #expect(near(figure(p, .teams, nlp, .quotaBurn)?.value, 120.0 / 1440))
        #expect(figure(p, .teams, nlp, .borrowedGPUHours)?.value == nil, "not in the rollups: missing, not 0")
        #expect(near(figure(p, .cost, nlp, .budget)?.value, 3000))
        #expect(near(figure(p, .cost, nlp, .budgetBurn)?.value, 0.08))
        #expect(near(figure(p, .cost, vision, .budgetBurn)?.value, 1.5))
        #expect(near(figure(p, .cost, RollupScope(.department, "d"), .budgetBurn)?.value, 0.08))
        #expect(figure(p, .cost, .fleet, .budget)?.value == nil, "the fleet has no budget target")
        #expect(p.section(.governance)?.rows.map(\.scope) == [.fleet])
        #expect(figure(p, .governance, .fleet, .requestsApproved)?.value == 2)
        #expect(figure(p, .governance, .fleet, .overrideGPUHours)?.value == 16)
    }

    @Test("exceptions: pools down too long, teams over budget, classes under SLA, worst first")
    func exceptions() throws {
        let p = try ReviewFixture.pack()
        #expect(p.exceptions.map(\.scope) == [RollupScope(.pool, "p"), RollupScope(.team, "vision"), RollupScope(.priorityClass, "training")])
        #expect(p.exceptions.map(\.metric) == [.downShare, .budgetBurn, .slaAttainment])
        #expect(p.exceptions.map(\.side) == [.above, .above, .below])
        #expect(p.forecast == .noData(days: 2, needed: 7))
        #expect(figure(p, .forecast, .fleet, .shortfallDays)?.value == nil)
    }

    @Test("a budget is prorated to the months a period spans")
    func budgetProration() throws {
        let targets = ReviewTargets(teams: [ReviewTeamTarget(name: "t", department: nil, quotaGPUs: nil, monthlyBudget: 3100)])
        let q4 = try ReviewPeriod.parse("2026-Q4", now: 0)
        #expect(near(targets.value(.budgetDollars, RollupScope(.team, "t"), over: q4), 9300))
        let week = try ReviewPeriod.parse("2026-W53", now: 0)  // 4 days of December (31 days), 3 of January (31)
        #expect(near(targets.value(.budgetDollars, RollupScope(.team, "t"), over: week), 700))
        #expect(targets.value(.quotaGPUHours, RollupScope(.team, "t"), over: week) == nil, "no quota set: missing")
    }

    @Test("forecast: demand growing 2 GPUs a day from 10 meets a capacity of 40 six days after the period's last day")
    func forecast() throws {
        let start = ReviewFixture.nov2
        let days = (0..<10).map { i in
            ReviewFixture.rollup(start + i * 86_400, .fleet, [(.coveredHours, 24), (.allocatedGPUHours, Double(10 + 2 * i) * 24),
                                                             (.pendingGPUHours, 0), (.capacityGPUHours, 40 * 24)])
        }
        let nov = try ReviewPeriod.parse("2026-11", now: 0)
        let p = ReviewPack.derive(period: nov, rollups: days, targets: ReviewFixture.targets)
        #expect(p.forecast == .shortfall(days: 6))
        let row = try #require(p.section(.forecast)?.rows.first)
        #expect(near(row[.demandGrowth]?.value, 2) && near(row[.demandGPUs]?.value, 19) && near(row[.capacityGPUs]?.value, 40))
        let flat = days.map { d in ReviewFixture.rollup(d.start, .fleet, [(.coveredHours, 24), (.allocatedGPUHours, 240), (.pendingGPUHours, 0), (.capacityGPUHours, 960)]) }
        #expect(ReviewPack.derive(period: nov, rollups: flat, targets: ReviewFixture.targets).forecast == .noShortfall(horizonDays: 365))
    }

    @Test("compared with October, growth and shortfall have October's trend as their compare value and a Δ")
    func forecastCompared() throws {
        /// Ten days from `start` of demand 10 + `growth` × day against a capacity of 40.
        func days(from start: Int, growth: Double) -> [KPIRollup] {
            (0..<10).map { i in
                ReviewFixture.rollup(start + i * 86_400, .fleet, [(.coveredHours, 24), (.allocatedGPUHours, (10 + growth * Double(i)) * 24),
                                                                 (.pendingGPUHours, 0), (.capacityGPUHours, 40 * 24)])
            }
        }
        let nov = try ReviewPeriod.parse("2026-11", now: 0)
        // October: 1 GPU a day from 10, 19 on its tenth day → 40 is 21 days after it. November: 2 a day, 6 days after.
        let p = ReviewPack.derive(period: nov, rollups: days(from: ReviewFixture.nov2, growth: 2),
                                  compare: (period: nov.previous, rollups: days(from: ReviewFixture.oct5, growth: 1)), targets: ReviewFixture.targets)
        let row = try #require(p.section(.forecast)?.rows.first)
        #expect(near(row[.demandGrowth]?.compare, 1) && near(row[.demandGrowth]?.delta, 1))
        #expect(near(row[.shortfallDays]?.compare, 21) && near(row[.shortfallDays]?.delta, -15))
        #expect(p.forecast == .shortfall(days: 6), "the period's own outcome is still its own trend's")
    }
}

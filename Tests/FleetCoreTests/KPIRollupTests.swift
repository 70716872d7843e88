import Testing
import FleetCore
@testable import FleetFeeds

@Suite("KPI rollups")
struct KPIRollupTests {
    /// The tiny fleet's second hour, observed minute by minute: job "a" (nlp, training, submitted at 00:01) starts
    /// at 01:00 on GPUs 0–1, which run at 60 % and 0 %; job "b" (vision, research, 1 GPU) stays pending; node n2
    /// (GPUs 2–3) is drained at 01:30.
    private func tinyHour() -> [RollupScope: KPIRollup] {
        var s = Fixture.state(), acc = KPIRollupAccumulator()
        let t0 = Fixture.t0, hour = t0 + 3600
        _ = acc.observe(s)
        s.apply(.clock(at: t0 + 60))
        s.apply(Fixture.submit("a", gpus: 2, at: t0 + 60))
        s.apply(Fixture.submit("b", team: "vision", cls: "research", gpus: 1, at: t0 + 60))
        _ = acc.observe(s)
        var closed: [KPIRollup] = []
        for i in 0...60 {
            let t = hour + Double(i) * 60
            s.apply(.clock(at: t))
            if i == 0 { s.apply(.jobStarted(id: "a", at: t, gpus: [0, 1])) }
            s.apply(Fixture.telemetry(at: t, util: [60, 0, 0, 0]))
            if i == 30 { s.apply(.nodeState(node: 1, state: .drain, reason: "maintenance", at: t)) }
            closed += acc.observe(s).filter { $0.start == Int(hour) }
        }
        #expect(!closed.isEmpty && closed.allSatisfy { $0.resolution == .hour })
        return Dictionary(closed.map { ($0.scope, $0) }, uniquingKeysWith: { a, _ in a })
    }

    private func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

    private func value(_ m: KPIMetric, _ r: KPIRollup?) -> Double? { r.flatMap { m.definition.value(in: $0) } }

    @Test("a hand-computed hour: the sreport split, utilisation, idle waste and cost of the fleet")
    func fleetHour() throws {
        let hour = tinyHour()
        let fleet = try #require(hour[.fleet])
        let expected: [(KPIMetric, Double)] = [
            (.totalGPUHours, 4), (.allocatedGPUHours, 2), (.plannedDownGPUHours, 1), (.idleGPUHours, 1), (.downGPUHours, 0),
            (.capacityGPUHours, 3), (.activeGPUHours, 0.6), (.busy, 0.3), (.effectiveUtilization, 0.2),
            (.cost, 8), (.unallocatedCost, 4), (.idleAllocatedGPUHours, 0.5), (.idleAllocatedCost, 1),
            (.jobsStarted, 1), (.slaAttainment, 1), (.pendingJobs, 1), (.pendingGPUs, 1), (.preemptions, 0), (.nodeFailures, 0), (.xids, 0),
        ]
        for (metric, v) in expected {
            let got = try #require(value(metric, fleet), "\(metric.rawValue) missing")
            #expect(abs(got - v) < 1e-9, "\(metric.rawValue): \(got), expected \(v)")
        }
        #expect(value(.reservedGPUHours, fleet) == nil, "no source reports reservations: missing, not 0")
        #expect(value(.requestsFiled, fleet) == nil, "no governance yet: missing")
        #expect(close(fleet[.coveredHours], 1))
        #expect(value(.waitP50, fleet).map { $0 >= 3540 && $0 < 3540 * 1.25 } == true, "job a waited 59 minutes")
    }

    @Test("a hand-computed hour per team, department, pool and class")
    func scopedHour() throws {
        let hour = tinyHour()
        let nlp = try #require(hour[RollupScope(.team, "nlp")]), vision = try #require(hour[RollupScope(.team, "vision")])
        #expect(close(value(.allocatedGPUHours, nlp), 2))
        #expect(close(value(.cost, nlp), 4))
        #expect(close(value(.activeGPUHours, nlp), 0.6))
        #expect(close(value(.pendingJobs, vision), 1))
        #expect(close(value(.idleAllocatedGPUHours, nlp), 0.5))
        #expect(close(value(.borrowedGPUHours, nlp), 0), "nlp holds its quota of 2, borrows nothing")
        #expect(close(value(.allocatedGPUHours, vision), 0))
        #expect(value(.busy, vision) == nil, "vision holds no GPU: busy is undefined")
        #expect(close(value(.allocatedGPUHours, hour[RollupScope(.department, "d")]), 2))
        #expect(close(value(.plannedDownGPUHours, hour[RollupScope(.pool, "p")]), 1))
        #expect(close(value(.totalGPUHours, hour[RollupScope(.cluster, "c")]), 4))
        let training = try #require(hour[RollupScope(.priorityClass, "training")])
        #expect(close(value(.allocatedGPUHours, training), 2))
        #expect(close(value(.jobsStarted, training), 1))
        #expect(value(.waitP50, training).map { $0 >= 3540 && $0 < 3540 * 1.25 } == true)
        #expect(close(value(.jobsStarted, hour[RollupScope(.priorityClass, "research")]), 0))
    }

    @Test("days fold from hours; pools add up to the fleet; a month's GPU-hours per team equal chargeback's")
    func simulatedHours() throws {
        let (state, hours) = simulatedRollups(seed: 5, gpus: 128, teams: 4, hours: 26)
        let epoch = SimulatorConfig(seed: 5, gpuCount: 128, teamCount: 4).epoch
        #expect(Set(hours.map(\.start)).count == 26)
        // Pools add up to the fleet, hour by hour.
        for (start, rows) in Dictionary(grouping: hours, by: \.start) {
            let fleet = try #require(rows.first { $0.scope == .fleet })
            let pools = rows.filter { $0.scope.kind == .pool }.reduce(0) { $0 + ($1[.allocatedGPUHours] ?? 0) }
            #expect(abs(pools - (fleet[.allocatedGPUHours] ?? -1)) < 1e-6, "hour \(start)")
        }
        // The first day folded equals the sum of its hours.
        let days = KPIRollup.days(from: hours)
        let day0 = try #require(days.first { $0.scope == .fleet && $0.start == Int(epoch) })
        let day0Hours = hours.filter { $0.scope == .fleet && $0.start < Int(epoch) + 86_400 }
        #expect(day0.resolution == .day)
        #expect(close(day0[.totalGPUHours], day0Hours.reduce(0) { $0 + ($1[.totalGPUHours] ?? 0) }))
        #expect(abs((day0[.totalGPUHours] ?? 0) - 128 * 24) < 1e-6)
        #expect(day0.waits?.total == day0Hours.reduce(0) { $0 + ($1.waits?.total ?? 0) })
        // Every team's GPU-hours over the hours equal the month's chargeback (the simulation starts in the month).
        let monthStart = UTCCalendar.monthStart(containing: state.now)
        let lines = Chargeback.lines(state, from: monthStart, to: UTCCalendar.nextMonthStart(after: monthStart))
        for team in state.org.teams {
            let billed = lines.filter { $0.team == team.name }.reduce(0) { $0 + $1.gpuHours }
            let rolled = hours.filter { $0.scope == RollupScope(.team, team.name) }.reduce(0) { $0 + ($1[.allocatedGPUHours] ?? 0) }
            #expect(billed > 0)
            #expect(abs(billed - rolled) <= max(1e-6, billed * 1e-9), "\(team.name): chargeback \(billed), rollups \(rolled)")
        }
    }

    @Test("live hours give each pool and cluster the busy of its own GPUs; weighted by GPU-hours, they are the fleet's")
    func livePoolBusy() throws {
        let (_, hours) = simulatedRollups(seed: 5, gpus: 128, teams: 4, hours: 3)
        let last = try #require(hours.map(\.start).max())
        let rows = hours.filter { $0.start == last }
        let fleet = try #require(rows.first { $0.scope == .fleet })
        for kind in [RollupScopeKind.pool, .cluster] {
            let parts = rows.filter { $0.scope.kind == kind && $0[.sampledAllocatedGPUHours].map { $0 > 0 } == true }
            let busy = parts.compactMap { value(.busy, $0) }
            #expect(parts.count >= 2 && busy.count == parts.count)
            #expect(Set(busy.map { ($0 * 1e6).rounded() }).count == busy.count, "\(kind): \(busy)")
            var weighted = 0.0, weights = 0.0
            for r in parts {
                let w: Double = r[.sampledAllocatedGPUHours] ?? 0
                weighted += w * (value(.busy, r) ?? 0)
                weights += w
            }
            #expect(close(value(.busy, fleet), weighted / weights))
        }
    }

    @Test("every metric has one definition with a unique, stable id")
    func catalogue() {
        #expect(Set(KPIDefinition.all.map(\.metric.rawValue)).count == KPIMetric.allCases.count)
        #expect(KPIMetric(rawValue: "util.busy")?.definition.formula == .ratio(.activeGPUHours, over: .sampledAllocatedGPUHours))
        #expect(KPIDefinition.all.allSatisfy { !$0.formulaText.isEmpty && !$0.source.isEmpty })
    }

    @Test("histogram percentiles are nearest-rank bucket bounds and fold by adding")
    func histogram() {
        var a = LogHistogram(), b = LogHistogram()
        for s in [0.0, 10, 100] { a.record(s) }
        b.record(1000)
        let both = a.merged(b)
        #expect(both.total == 4)
        #expect(both.percentile(0.5).map { $0 >= 10 && $0 < 12.5 } == true)
        #expect(both.percentile(0.95).map { $0 >= 1000 && $0 < 1250 } == true)
        #expect(LogHistogram().percentile(0.5) == nil)
    }
}

@Suite("KPI rollup equality")
struct KPIRollupEqualityTests {
    @Test("unmeasured sums compare equal, measured ones by value")
    func nanAware() {
        var a = KPIRollup(start: 0, resolution: .hour, scope: .fleet), b = a
        #expect(a == b && a.hashValue == b.hashValue)
        a.add(1, to: .xids)
        #expect(a != b)
        b.add(1, to: .xids)
        #expect(a == b)
    }
}

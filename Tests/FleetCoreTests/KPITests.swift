import Testing
@testable import FleetCore

@Suite struct KPITests {
    /// Hand-computed: 4 GPUs at $2/h; nlp holds GPUs 0,1 (util 2 %, 60 %), vision holds GPU 2 (util 80 %); node 2 (GPUs 2,3) is up.
    @Test func overviewKPIsMatchHandComputedValues() {
        var s = Fixture.state()
        s.apply(Fixture.submit("a", gpus: 2, at: Fixture.t0))
        s.apply(Fixture.submit("b", team: "vision", gpus: 1, at: Fixture.t0))
        s.apply(Fixture.submit("c", team: "vision", cls: "research", gpus: 4, at: Fixture.t0 + 60))
        s.apply(.jobStarted(id: "a", at: Fixture.t0 + 300, gpus: [0, 1]))
        s.apply(.jobStarted(id: "b", at: Fixture.t0 + 900, gpus: [2]))
        for minute in 0...31 {
            s.apply(Fixture.telemetry(at: Fixture.t0 + 900 + Double(minute) * 60, util: [2, 60, 80, 10]))
        }
        let now = Fixture.t0 + 900 + 31 * 60
        let k = FleetKPIs.derive(from: s, wallNow: nil)
        #expect(k.capacity == 4 && k.allocated == 3)
        #expect(k.allocation == 0.75)
        #expect(abs((k.busy ?? 0) - (0.02 + 0.60 + 0.80) / 3) < 1e-9)
        #expect(abs((k.effectiveUtilization ?? 0) - (0.02 + 0.60 + 0.80 + 0.10) / 4) < 1e-9)
        #expect(k.idleAllocated == 1)  // GPU 0 under 5 % for 31 minutes.
        #expect(k.costPerHour == 8)
        #expect(k.idleCostPerHour == 4)  // Idle GPU 0 ($2) + unallocated GPU 3 ($2).
        #expect(k.pendingJobs == 1 && k.pendingGPUs == 4)
        #expect(k.oldestPendingWait == now - (Fixture.t0 + 60))
        let training = k.classes[3]
        #expect(training.runningJobs == 2 && training.startedInWindow == 2)
        #expect(training.waitP50 == 300 && training.waitP95 == 900)
        #expect(training.slaAttainment == 1)
        #expect(k.classes[4].pendingJobs == 1 && k.classes[4].waitP95 == nil)
    }

    @Test func missingTelemetryAndPricesAreNilNotZero() {
        var s = Fixture.state()
        s.apply(.policyDefined(PolicySpec(source: "t", priorityClasses: PolicySpec.defaultPriorityClasses, prices: [])))
        let k = FleetKPIs.derive(from: s, wallNow: nil)
        #expect(k.busy == nil && k.effectiveUtilization == nil && k.idleAllocated == nil)
        #expect(k.costPerHour == nil && k.idleCostPerHour == nil && k.unpricedGPUs == 4)
        // Nothing says which GPUs are allocated (no job list, no jobs, no node counts): unknown, not 0.
        #expect(k.allocation == nil && !k.allocationKnown)
        s.apply(.feedStatus(FeedStatus(name: "squeue", kind: "slurm-cli", at: 1, intervalSeconds: 30, ok: true, reportsJobs: true)))
        #expect(FleetKPIs.derive(from: s, wallNow: nil).allocation == 0)
    }

    @Test func downNodesAndFailingGPUsLeaveCapacityAndRaiseAlerts() {
        var s = Fixture.state()
        s.apply(.nodeState(node: 1, state: .down, reason: "XID 79", at: Fixture.t0))
        s.apply(.xid(gpu: 0, code: 48, at: Fixture.t0))
        let k = FleetKPIs.derive(from: s, wallNow: nil)
        #expect(k.capacity == 1)
        #expect(k.alerts.count == 2 && k.alerts.allSatisfy { $0.severity == .critical })
        #expect(k.costPerHour == 8)  // Down capacity is still paid for.
    }

    @Test func staleFeedsAlertOnlyWithWallClock() {
        var s = Fixture.state()
        s.apply(.feedStatus(FeedStatus(name: "sim", kind: "simulator", at: 1000, intervalSeconds: 2, ok: true)))
        #expect(FleetKPIs.derive(from: s, wallNow: 1005).alerts.isEmpty)
        #expect(FleetKPIs.derive(from: s, wallNow: 1007).alerts.map(\.subject) == ["sim"])
    }

    @Test func percentileNearestRank() {
        #expect(Percentile.nearestRank(sorted: [], 0.95) == nil)
        #expect(Percentile.nearestRank(sorted: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95) == 10)
        #expect(Percentile.nearestRank(sorted: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5) == 5)
    }

    @Test func calendarHelpers() {
        #expect(UTCCalendar.format(Fixture.t0) == "2026-11-02 00:00")
        #expect(UTCCalendar.components(Fixture.t0).weekday == 0)  // Monday.
        #expect(UTCCalendar.monthStart(containing: Fixture.t0 + 86_400 * 10) == Fixture.t0 - 86_400)
        #expect(DurationFormat.short(3 * 3600 + 5 * 60) == "3h05m")
    }
}

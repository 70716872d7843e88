import Testing
@testable import FleetCore

@Suite struct ReducerTests {
    @Test func fleetDefinitionBuildsGPUTableAndPrices() {
        let s = Fixture.state()
        #expect(s.gpus.count == 4)
        #expect(s.gpus.uuid == ["GPU-a", "GPU-b", "GPU-c", "GPU-d"])
        #expect(s.gpus.node == [0, 0, 1, 1])
        #expect(s.gpuPrice == [2, 2, 2, 2])
        #expect(s.gpus.allocatedSlot == [-1, -1, -1, -1])
        #expect(s.gpus.utilPercent.allSatisfy { $0.isNaN })
    }

    @Test func submitStartEndMoveCountersExactly() {
        var s = Fixture.state()
        s.apply(Fixture.submit("j1", gpus: 2, at: Fixture.t0 + 60))
        #expect(s.job(id: "j1")?.state == .pending)
        #expect(s.teamUsage[0].pendingJobs == 1 && s.teamUsage[0].pendingGPUs == 2)
        s.apply(.jobStarted(id: "j1", at: Fixture.t0 + 660, gpus: [0, 1]))
        #expect(s.job(id: "j1")?.state == .running)
        #expect(s.gpus.allocatedSlot[0] >= 0 && s.gpus.allocatedSlot[1] >= 0 && s.gpus.allocatedSlot[2] == -1)
        #expect(s.teamUsage[0].pendingJobs == 0 && s.teamUsage[0].allocatedGPUs == 2)
        #expect(s.teamUsage[0].costPerHour == 4)
        #expect(s.waitRecords[3] == [WaitRecord(startedAt: Fixture.t0 + 660, waitSeconds: 600)])
        // One hour at $4/h accrues $4 and 2 GPU-hours.
        s.apply(.clock(at: Fixture.t0 + 660 + 3600))
        #expect(abs(s.teamUsage[0].monthToDateCost - 4) < 1e-9)
        #expect(abs(s.teamUsage[0].monthToDateGPUHours - 2) < 1e-9)
        s.apply(.jobEnded(id: "j1", at: Fixture.t0 + 5000, outcome: .failed))
        #expect(s.job(id: "j1") == nil)
        #expect(s.finishedJobs.last?.state == .failed)
        #expect(s.gpus.allocatedSlot == [-1, -1, -1, -1])
        #expect(s.teamUsage[0].allocatedGPUs == 0 && s.teamUsage[0].costPerHour == 0)
        #expect(s.jobTotals == JobTotals(submitted: 1, started: 1, completed: 0, failed: 1, preempted: 0, cancelled: 0))
    }

    @Test func duplicateAndUnknownEventsAreIgnored() {
        var s = Fixture.state()
        s.apply(Fixture.submit("j1", gpus: 1, at: Fixture.t0))
        s.apply(Fixture.submit("j1", gpus: 3, at: Fixture.t0))
        #expect(s.jobTotals.submitted == 1)
        s.apply(.jobStarted(id: "nope", at: Fixture.t0, gpus: [0]))
        s.apply(.jobStarted(id: "j1", at: Fixture.t0, gpus: [99, 0]))
        #expect(s.job(id: "j1")?.gpuIndices == [0])
        s.apply(Fixture.submit("j2", gpus: 1, at: Fixture.t0))
        s.apply(.jobStarted(id: "j2", at: Fixture.t0, gpus: [0]))  // GPU 0 is taken: not double-booked.
        #expect(s.job(id: "j2")?.gpuIndices == [])
        s.apply(.xid(gpu: 1000, code: 48, at: Fixture.t0))
        s.apply(.nodeState(node: -1, state: .down, reason: "", at: Fixture.t0))
    }

    @Test func clockNeverMovesBackAndMonthToDateResetsAtMonthStart() {
        var s = Fixture.state()
        s.apply(Fixture.submit("j1", gpus: 1, at: Fixture.t0))
        s.apply(.jobStarted(id: "j1", at: Fixture.t0, gpus: [0]))
        s.apply(.clock(at: Fixture.t0 - 100))
        #expect(s.now == Fixture.t0)
        // 2026-12-01 00:00 UTC is 29 days after t0; one more hour lands in December.
        let december = Fixture.t0 + 29 * 86_400
        s.apply(.clock(at: december + 3600))
        #expect(abs(s.teamUsage[0].monthToDateCost - 2) < 1e-9)
        #expect(s.teamUsage[0].monthStart == december)
    }

    @Test("the recent-XID log keeps the newest records in order, at least the limit and at most twice it")
    func recentXIDLogIsBounded() {
        var s = Fixture.state()
        let limit = FleetState.recentXIDLimit
        var counts: [Int] = []
        for i in 0..<(limit * 5 + 7) {
            s.apply(.xid(gpu: Int32(i % 4), code: i, at: Fixture.t0 + Double(i)))
            counts.append(s.recentXIDs.count)
        }
        #expect(counts.allSatisfy { $0 <= limit * 2 })
        #expect(counts[(limit - 1)...].allSatisfy { $0 >= limit })
        let codes = s.recentXIDs.map(\.code)
        #expect(codes.last == limit * 5 + 6)
        #expect(codes == Array((limit * 5 + 7 - codes.count)..<(limit * 5 + 7)), "the newest, oldest first, none missing")
    }

    @Test func xidHealthAndNodeRepair() {
        var s = Fixture.state()
        s.apply(.xid(gpu: 1, code: 13, at: Fixture.t0))
        #expect(s.gpus.health[1] == .healthy && s.gpus.lastXID[1] == 13)
        s.apply(.xid(gpu: 1, code: 94, at: Fixture.t0))
        #expect(s.gpus.health[1] == .degraded)
        s.apply(.xid(gpu: 1, code: 13, at: Fixture.t0))
        #expect(s.gpus.health[1] == .degraded)  // Health never improves by itself.
        s.apply(.xid(gpu: 1, code: 79, at: Fixture.t0))
        #expect(s.gpus.health[1] == .failing)
        s.apply(.nodeState(node: 0, state: .down, reason: "XID 79", at: Fixture.t0 + 10))
        #expect(s.nodes[0].state == .down && s.nodes[0].reason == "XID 79")
        s.apply(.nodeState(node: 0, state: .up, reason: "", at: Fixture.t0 + 20))
        #expect(s.gpus.health[1] == .healthy)
    }

    @Test func telemetryTracksIdleOnlyForAllocatedGPUs() {
        var s = Fixture.state()
        s.apply(Fixture.submit("j1", gpus: 1, at: Fixture.t0))
        s.apply(.jobStarted(id: "j1", at: Fixture.t0, gpus: [0]))
        s.apply(Fixture.telemetry(at: Fixture.t0 + 30, util: [2, 1, 90, 0]))
        #expect(s.gpus.idleSince[0] == Fixture.t0 + 30)
        #expect(s.gpus.idleSince[1].isNaN)  // Not allocated: not an idle finding.
        s.apply(Fixture.telemetry(at: Fixture.t0 + 60, util: [3, 1, 90, 0]))
        #expect(s.gpus.idleSince[0] == Fixture.t0 + 30)
        s.apply(Fixture.telemetry(at: Fixture.t0 + 90, util: [50, 1, 90, 0]))
        #expect(s.gpus.idleSince[0].isNaN)
        #expect(s.history.utilization(gpu: 0) == [2, 3, 50])
    }

    @Test func feedStatusKeepsLastGoodAndCountsErrors() {
        var s = Fixture.state()
        s.apply(.feedStatus(FeedStatus(name: "sim", kind: "simulator", at: 100, intervalSeconds: 1, ok: true)))
        s.apply(.feedStatus(FeedStatus(name: "sim", kind: "simulator", at: 101, intervalSeconds: 1, ok: false, error: "boom")))
        #expect(s.feeds.count == 1)
        #expect(s.feeds[0].lastGoodAt == 100 && s.feeds[0].errorCount == 1 && s.feeds[0].lastError == "boom")
        #expect(s.feeds[0].isStale(now: 103) == false)
        #expect(s.feeds[0].isStale(now: 103.5))
    }
}

import FleetCore
import Testing
@testable import FleetFeeds

@Suite("Scheduler ingest")
struct SchedulerIngestTests {
    private func job(_ id: String, _ state: SchedulerJobState, gpus: Int = 2, node: String? = nil, reason: String = "",
                     account: String = "vision", priority: Double? = nil) -> SchedulerJob {
        var j = SchedulerJob(id: id)
        j.state = state
        j.gpus = gpus
        j.account = account
        j.queue = "gpu"
        j.qos = "normal"
        j.reason = reason
        j.priority = priority
        j.submittedAt = 1000
        if let node { j.nodes = [node]; j.startedAt = 1100 }
        return j
    }

    private func nodes() -> SchedulerSnapshot {
        var s = SchedulerSnapshot(kind: "sinfo")
        s.cluster = "hpc"
        var a = SchedulerNode(name: "n1"); a.gpus = 4; a.gpuModel = "H100"; a.partitions = ["gpu"]
        var b = SchedulerNode(name: "n2"); b.gpus = 4; b.state = .drain; b.reason = "fan"; b.partitions = ["gpu"]
        s.nodes = [a, b]
        return s
    }

    private func jobs(_ list: [SchedulerJob]) -> SchedulerSnapshot {
        var s = SchedulerSnapshot(kind: "squeue")
        s.jobs = list
        return s
    }

    private func ingest() -> SchedulerIngest {
        var state = FleetState()
        state.apply(.policyDefined(SimulatedOrg.demoPolicy()))
        return SchedulerIngest(state: state, classOfQOS: ["normal": "training"])
    }

    @Test("nodes join the fleet in a pool per partition; drained nodes carry their reason")
    func nodesJoin() {
        var i = ingest()
        _ = i.events(for: nodes(), source: "s", at: 2000)
        #expect(i.state.nodes.map(\.name) == ["n1", "n2"])
        #expect(i.state.gpus.count == 8)
        #expect(i.state.fleet.pools.map(\.name) == ["gpu"])
        #expect(i.state.fleet.clusters.map(\.name) == ["hpc"])
        #expect(i.state.nodes[1].state == .drain)
        #expect(i.state.nodes[1].reason == "fan")
        // The same nodes again change nothing.
        #expect(i.events(for: nodes(), source: "s", at: 2030).isEmpty)
    }

    @Test("new jobs are submitted (accounts become teams, QOS maps to a class), running ones hold GPUs on their node")
    func jobsArrive() {
        var i = ingest()
        _ = i.events(for: nodes(), source: "s", at: 2000)
        _ = i.events(for: jobs([job("1", .running, node: "n1"), job("2", .pending, reason: "Resources", account: "nlp")]),
                     source: "s", at: 2000)
        #expect(i.state.org.teams.map(\.name) == ["nlp", "vision"])
        #expect(i.state.org.teams.allSatisfy { $0.quotaGPUs == 0 && $0.monthlyBudget == 0 })
        let running = i.state.job(id: "1")
        #expect(running?.state == .running)
        #expect(running?.gpuIndices == [0, 1])
        #expect(running.map { i.state.priorityClasses[Int($0.priorityClass)].name } == "training")
        #expect(i.state.job(id: "2")?.pendingReason == "Resources")
        #expect(i.state.job(id: "2")?.scheduler?.queue == "gpu")
        #expect(i.state.teamUsage[1].allocatedGPUs == 2)
    }

    @Test("a steady poll emits nothing; reasons and priorities emit only what changed; gone jobs end")
    func diffs() {
        var i = ingest()
        _ = i.events(for: nodes(), source: "s", at: 2000)
        let first = [job("1", .running, node: "n1"), job("2", .pending, reason: "Resources", priority: 10)]
        _ = i.events(for: jobs(first), source: "s", at: 2000)
        #expect(i.events(for: jobs(first), source: "s", at: 2030).isEmpty)
        let second = [job("2", .pending, reason: "Priority", priority: 12)]
        let events = i.events(for: jobs(second), source: "s", at: 2060)
        #expect(events == [
            .jobPendingReason(id: "2", reason: "Priority"),
            .jobPriorities([JobPriorityUpdate(id: "2", priority: 12)]),
            .jobEnded(id: "1", at: 2060, outcome: .completed),
        ])
        #expect(i.state.gpus.allocatedSlot[0] == -1)
    }

    @Test("jobs of another source are left alone; a pending job that starts takes GPUs")
    func sourcesAndStarts() {
        var i = ingest()
        _ = i.events(for: nodes(), source: "s", at: 2000)
        _ = i.events(for: jobs([job("a", .pending)]), source: "other", at: 2000)
        _ = i.events(for: jobs([job("1", .pending)]), source: "s", at: 2000)
        _ = i.events(for: jobs([job("1", .running, gpus: 3, node: "n1")]), source: "s", at: 2030)
        #expect(i.state.job(id: "a")?.state == .pending)
        #expect(i.state.job(id: "1")?.gpuIndices == [0, 1, 2])
    }

    @Test("sacct records end known jobs with their outcome before the live list would")
    func accounting() {
        var i = ingest()
        _ = i.events(for: jobs([job("1", .pending)]), source: "s", at: 2000)
        var record = job("1", .failed)
        record.startedAt = 2010
        record.endedAt = 2020
        var sacct = SchedulerSnapshot(kind: "sacct")
        sacct.accountingJobs = [record]
        _ = i.events(for: sacct, source: "s", at: 2030)
        #expect(i.state.job(id: "1") == nil)
        #expect(i.state.recentFinishedJobs.last?.state == .failed)
        #expect(i.state.jobTotals.failed == 1)
    }
}

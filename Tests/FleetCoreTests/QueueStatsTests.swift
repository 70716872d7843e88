import Testing
@testable import FleetCore

@Suite("Queue statistics")
struct QueueStatsTests {
    private func job(_ id: String, queue: String, cls: String = "training", gpus: Int, at: Double) -> FleetEvent {
        .jobSubmitted(JobSubmission(id: id, name: id, team: "nlp", project: "x", priorityClass: cls, gpus: gpus, gpuModel: nil,
                                    submittedAt: at, scheduler: SchedulerFields(queue: queue, qos: "", user: "u", source: "s",
                                                                                priority: nil, nodes: [])))
    }

    @Test("per queue: pending jobs and GPUs, oldest wait, reasons by category, waits of started jobs, SLA of one class")
    func perQueue() {
        var s = Fixture.state()
        let t0 = Fixture.t0
        s.apply([job("a", queue: "gpu", gpus: 2, at: t0), job("b", queue: "gpu", gpus: 1, at: t0 + 60),
                 job("c", queue: "gpu", gpus: 4, at: t0 + 120), job("d", queue: "debug", cls: "research", gpus: 1, at: t0 + 120)])
        s.apply(.jobPendingReason(id: "b", reason: "Resources"))
        s.apply(.jobPendingReason(id: "c", reason: "QOSMaxGRESPerUser"))
        s.apply(.jobStarted(id: "a", at: t0 + 600, gpus: [0, 1]))
        s.apply(.clock(at: t0 + 3600))
        let stats = QueueStats.derive(from: s, grouping: .queue)
        #expect(stats.map(\.name) == ["gpu", "debug"])
        let gpu = stats[0]
        #expect((gpu.pendingJobs, gpu.pendingGPUs, gpu.runningJobs, gpu.runningGPUs) == (2, 5, 1, 2))
        #expect(gpu.oldestWait == 3540.0)
        #expect(gpu.reasons.map(\.category) == [.limits, .resources] || gpu.reasons.map(\.category) == [.resources, .limits])
        #expect(gpu.waitP50 == 600.0 && gpu.waitP95 == 600.0 && gpu.startedInWindow == 1)
        #expect(gpu.sla == 14_400.0)  // every job in it is "training"
        #expect(!gpu.breachingSLA)
        #expect(stats[1].reasons.map(\.category) == [.unstated])
    }

    @Test("by class every class has a row; the depth limit and the SLA raise flags; depth history is per minute")
    func byClassWithLimits() {
        var s = Fixture.state()
        var policy = s.policy
        policy?.queueDepthLimits = ["prod-inference": 1]
        if let policy { s.apply(.policyDefined(policy)) }
        let t0 = Fixture.t0
        s.apply([job("p1", queue: "gpu", cls: "prod-inference", gpus: 1, at: t0),
                 job("p2", queue: "gpu", cls: "prod-inference", gpus: 1, at: t0)])
        s.apply(.clock(at: t0 + 61))
        // A jump of nine minutes: the depth held all along, so each minute jumped over gets it.
        s.apply(.clock(at: t0 + 10 * 60 + 1))
        #expect(s.queues?.depthByClass["prod-inference"] == Array(repeating: 2, count: 10))
        let stats = QueueStats.derive(from: s, grouping: .priorityClass)
        #expect(stats.count == s.priorityClasses.count)
        let prod = stats.first { $0.name == "prod-inference" }
        #expect(prod?.overLimit == true)
        #expect(prod?.breachingSLA == true)  // waited 10 min against a 5 min SLA
        #expect(prod?.depthHistory.suffix(3) == [2, 2, 2])
        #expect(PendingReasonCategory.of("ReqNodeNotAvail, UnavailableNodes:gpu-3") == .nodes)
        #expect(PendingReasonCategory.of("Inadmissible: no flavor") == .inadmissible)
        #expect(PendingReasonCategory.of("BeginTime") == .held)
    }
}

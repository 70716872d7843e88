import Testing
@testable import FleetCore

@Suite("Budget status and throttle plan")
struct BudgetPlanTests {
    @Test("over the throttle threshold: an alert and a plan holding preemptible jobs, lowest class first, with commands")
    func throttle() {
        var s = Fixture.state()  // nlp: budget $1000, H100 at $2/h
        let t0 = Fixture.t0
        let slurm = SchedulerFields(queue: "gpu", qos: "low", user: "u", source: "slurm via ssh login1", priority: 5, nodes: [])
        s.apply(.jobSubmitted(JobSubmission(id: "11", name: "a", team: "nlp", project: "x", priorityClass: "training", gpus: 2,
                                            gpuModel: nil, submittedAt: t0, scheduler: slurm)))
        s.apply(.jobSubmitted(JobSubmission(id: "12", name: "b", team: "nlp", project: "x", priorityClass: "best-effort", gpus: 1,
                                            gpuModel: nil, submittedAt: t0, scheduler: slurm)))
        s.apply(Fixture.submit("prod", cls: "prod-inference", gpus: 1, at: t0))
        s.apply(.jobStarted(id: "11", at: t0, gpus: [0, 1]))
        s.apply(.clock(at: t0 + 260 * 3600))  // 2 GPUs × $2 × 260 h = $1,040 > $1,000
        let status = BudgetStatus.derive(s).first { $0.team == "nlp" }
        #expect(status?.level == .over && status?.throttles == true)
        let plan = ThrottlePlan.plan(team: "nlp", s)
        #expect(plan.steps.map(\.jobID) == ["12", "11"])  // best-effort before training; prod-inference never
        #expect(plan.steps.map(\.command) == ["ssh login1 scontrol hold 12", "ssh login1 scontrol hold 11"])
        #expect(plan.savesPerHour == 4)
        let alerts = FleetAlert.derive(from: s, classes: [], wallNow: nil)
        #expect(alerts.contains { $0.subject == "nlp" && $0.severity == .critical && $0.message.contains("throttle plan: hold 2 jobs") })
        #expect(ThrottlePlan.command(for: Job(id: "team-a/wl", name: "", team: 0, project: "", priorityClass: 0, gpus: 1, gpuModel: nil,
                                              state: .pending, submittedAt: 0, gpuIndices: [], pendingReason: "",
                                              scheduler: SchedulerFields(queue: "", qos: "", user: "", source: "kueue x",
                                                                         priority: nil, nodes: [])))
                == #"kubectl patch workload wl -n team-a --type=merge -p '{"spec":{"active":false}}'"#)
    }
}

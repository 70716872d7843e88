import Testing
@testable import FleetCore

@Suite("Budget level: one judgment from the policy's thresholds")
struct BudgetLevelTests {
    @Test("levels follow warn and throttle thresholds; past the budget itself is over")
    func levels() {
        let t = BudgetThresholds(warnAt: 0.8, throttleAt: 0.95)
        #expect(BudgetLevel.of(used: 0.79, thresholds: t) == .ok)
        #expect(BudgetLevel.of(used: 0.85, thresholds: t) == .warn)
        #expect(BudgetLevel.of(used: 0.95, thresholds: t) == .throttle)
        #expect(BudgetLevel.of(used: 1.01, thresholds: t) == .over)
        // A policy that lets a team overrun before throttling: over, but no throttle yet.
        #expect(BudgetLevel.of(used: 1.1, thresholds: BudgetThresholds(warnAt: 0.8, throttleAt: 1.2)) == .over)
        #expect(BudgetLevel.ok < .warn && .warn < .throttle && .throttle < .over)
    }

    @Test("a team at 85 % with warn at 80 %: status warn, a warning alert, and the projection from the same rate")
    func warnAt85() throws {
        var s = Fixture.state()  // nlp: budget $1000, H100 at $2/h
        let t0 = Fixture.t0
        s.apply(Fixture.submit("a", cls: "training", gpus: 2, at: t0))
        s.apply(.jobStarted(id: "a", at: t0, gpus: [0, 1]))
        s.apply(.clock(at: t0 + 212.5 * 3600))  // 2 GPUs × $2 × 212.5 h = $850
        let i = try #require(s.teamIndex(named: "nlp"))
        let status = try #require(s.budgetStatus(team: i))
        #expect(status.level == .warn && !status.throttles && abs(status.used - 0.85) < 1e-9)
        let projected = try #require(s.projectedMonthEnd(team: i))
        #expect(abs(status.projected * 1000 - projected) < 1e-6 && projected > 850)
        let alert = FleetAlert.derive(from: s, classes: [], wallNow: nil).first { $0.rule == .budget && $0.subject == "nlp" }
        #expect(alert?.severity == .warning && alert?.message == "budget 85 % used (warn at 80 %)")
    }

    @Test("teamName(of:) is nil for a job whose team index names no team; teamLabel says so")
    func teamNames() {
        let s = Fixture.state()
        var job = Job(id: "x", name: "", team: 0, project: "", priorityClass: 0, gpus: 1, gpuModel: nil, state: .pending,
                      submittedAt: 0, gpuIndices: [], pendingReason: "", scheduler: nil)
        #expect(s.teamName(of: job) == s.org.teams[0].name)
        job.team = Int32(s.org.teams.count)
        #expect(s.teamName(of: job) == nil && s.teamLabel(of: job) == "(unknown)")
        job.team = -1
        #expect(s.teamName(of: job) == nil)
    }
}

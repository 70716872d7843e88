import Testing
@testable import FleetCore

@Suite("Tagging gaps")
struct TaggingGapTests {
    @Test("jobs without a project and teams without a cost center miss the required tags")
    func gaps() {
        var s = Fixture.state()
        var policy = s.policy
        var rules = PolicyRules()
        rules.requiredTags = ["project", "cost-center"]
        policy?.rules = rules
        if let policy { s.apply(.policyDefined(policy)) }
        var org = s.org
        org.teams[1].costCenter = ""
        s.apply(.orgDefined(org))
        s.apply(.jobSubmitted(JobSubmission(id: "a", name: "a", team: "nlp", project: "", priorityClass: "training", gpus: 1,
                                            gpuModel: nil, submittedAt: Fixture.t0)))
        s.apply(Fixture.submit("b", team: "vision", gpus: 1, at: Fixture.t0))
        let gaps = TaggingGap.derive(s)
        #expect(gaps.contains(TaggingGap(kind: .job, id: "a", missing: ["project"])))
        #expect(gaps.contains(TaggingGap(kind: .job, id: "b", missing: ["cost-center"])))
        #expect(gaps.contains(TaggingGap(kind: .team, id: "vision", missing: ["cost-center"])))
        #expect(gaps.count == 3)
    }
}

@Suite("Policy contradictions")
struct PolicyContradictionTests {
    @Test("quotas past a pool's GPUs or naming a missing pool raise a policy alert")
    func quotas() {
        var s = Fixture.state()  // pool p: 4 GPUs
        var rules = PolicyRules()
        rules.quotas = [TeamQuota(team: "nlp", pool: "p", model: nil, nominal: 3, borrowingLimit: nil, lendingLimit: nil, cohort: nil),
                        TeamQuota(team: "vision", pool: "p", model: nil, nominal: 3, borrowingLimit: nil, lendingLimit: nil, cohort: nil),
                        TeamQuota(team: "vision", pool: "gone", model: nil, nominal: 1, borrowingLimit: nil, lendingLimit: nil, cohort: nil)]
        var policy = s.policy
        policy?.rules = rules
        if let policy { s.apply(.policyDefined(policy)) }
        let messages = FleetAlert.quotaContradictions(s).map(\.message)
        #expect(messages == ["quotas name pool gone, which the fleet does not have", "nominal quotas in p sum to 6 GPUs, the pool has 4"])
    }
}

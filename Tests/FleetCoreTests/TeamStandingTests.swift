import Testing
@testable import FleetCore

@Suite("Team standing: quotas per pool, grant burn")
struct TeamStandingTests {
    @Test("GPUs held count against the matching pool quota; borrowing, lending, over-limit and grant exhaustion follow")
    func standing() throws {
        var s = Fixture.state()
        let t0 = Fixture.t0
        var policy = PolicySpec(source: "test", priorityClasses: PolicySpec.defaultPriorityClasses,
                                prices: [Price(model: "H100", purchase: .onPrem, region: "r", dollarsPerGPUHour: 2)])
        var rules = PolicyRules()
        rules.quotas = [TeamQuota(team: "nlp", pool: "p", model: "H100", nominal: 1, borrowingLimit: 1, lendingLimit: nil, cohort: "c"),
                        TeamQuota(team: "vision", pool: "p", model: nil, nominal: 2, borrowingLimit: nil, lendingLimit: 1, cohort: "c"),
                        TeamQuota(team: "vision", pool: "elsewhere", model: nil, nominal: 4, borrowingLimit: nil, lendingLimit: nil, cohort: nil)]
        rules.grants = [GPUHourGrant(team: "nlp", period: .month, gpuHours: 100)]
        policy.rules = rules
        s.apply(.policyDefined(policy))
        s.apply(Fixture.submit("a", gpus: 3, at: t0))
        s.apply(.jobStarted(id: "a", at: t0, gpus: [0, 1, 2]))
        s.apply(.clock(at: t0 + 10 * 3600))  // 30 GPU-hours of 100; 70 left at 3/h → 23h20m more

        let standings = TeamStanding.derive(s)
        let nlp = standings[0], vision = standings[1]
        #expect(nlp.quotas.map(\.using) == [3])
        #expect(nlp.quotas[0].borrowed == 2)
        #expect(nlp.quotas[0].overLimit)  // nominal 1 + borrowing 1 < 3
        #expect(vision.quotas.map(\.using) == [0, 0])
        #expect(vision.quotas.map(\.lendable) == [1, 4])
        let grant = try #require(nlp.grant)
        #expect(abs(grant.used - 30) < 1e-6)
        #expect(grant.burnPerHour == 3.0)
        #expect(abs((grant.exhaustsAt ?? 0) - (t0 + 10 * 3600 + 70.0 / 3 * 3600)) < 1)
        #expect(vision.grant == nil)

        s.apply(.clock(at: t0 + 40 * 3600))
        #expect(TeamStanding.derive(s)[0].grant?.exhausted == true)
        #expect(TeamStanding.derive(s)[0].grant?.exhaustsAt == nil)
    }
}

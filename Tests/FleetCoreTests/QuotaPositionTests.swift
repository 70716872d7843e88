import Testing
@testable import FleetCore

@Suite("Quota position and month-to-date coverage: judged once in the core")
struct QuotaPositionTests {
    @Test("the org's team quota: within, borrowing past it, over past quota plus borrowing")
    func teamQuota() throws {
        var s = Fixture.state()  // nlp: quota 2, may borrow 1; 4 GPUs in all
        let t0 = Fixture.t0
        let nlp = try #require(s.teamIndex(named: "nlp"))
        #expect(s.quotaPosition(team: nlp, standing: nil) == .within)
        s.apply(Fixture.submit("a", gpus: 3, at: t0))
        s.apply(.jobStarted(id: "a", at: t0, gpus: [0, 1, 2]))
        #expect(s.quotaPosition(team: nlp, standing: nil) == .borrowing(in: []))
        s.apply(Fixture.submit("b", gpus: 1, at: t0))
        s.apply(.jobStarted(id: "b", at: t0, gpus: [3]))
        #expect(s.quotaPosition(team: nlp, standing: nil) == .over(in: []))
        #expect(s.quotaPosition(team: 99, standing: nil) == .unlimited)
    }

    @Test("per-pool quotas, when the policy has them, decide instead of the org's team quota")
    func poolQuotas() throws {
        var s = Fixture.state()
        let quota = TeamQuota(team: "nlp", pool: "p", model: nil, nominal: 4, borrowingLimit: 0, lendingLimit: nil, cohort: nil)
        let nlp = try #require(s.teamIndex(named: "nlp"))
        s.apply(Fixture.submit("a", gpus: 3, at: Fixture.t0))
        s.apply(.jobStarted(id: "a", at: Fixture.t0, gpus: [0, 1, 2]))
        // 3 GPUs: past the org's quota of 2, within the pool quota of 4.
        #expect(s.quotaPosition(team: nlp, standing: TeamStanding(team: "nlp", quotas: [QuotaStanding(quota: quota, using: 3)])) == .within)
        var tight = quota
        tight.nominal = 2
        #expect(s.quotaPosition(team: nlp, standing: TeamStanding(team: "nlp", quotas: [QuotaStanding(quota: tight, using: 3)])) == .over(in: [QuotaPlace(pool: "p", model: nil)]))
    }

    @Test("per-pool quotas name where the team borrows or is over: under its org total, it still borrows in one pool")
    func poolPlaces() throws {
        var s = Fixture.state()
        let nlp = try #require(s.teamIndex(named: "nlp"))
        s.apply(Fixture.submit("a", gpus: 1, at: Fixture.t0))
        s.apply(.jobStarted(id: "a", at: Fixture.t0, gpus: [0]))
        // 1 GPU: within the org's quota of 2, but past nominal 0 in the spot pool (the train pool lends).
        let spot = TeamQuota(team: "nlp", pool: "spot", model: nil, nominal: 0, borrowingLimit: 2, lendingLimit: nil, cohort: nil)
        let train = TeamQuota(team: "nlp", pool: "train", model: "H100", nominal: 4, borrowingLimit: 0, lendingLimit: nil, cohort: nil)
        let standing = { (spotUse: Int, trainUse: Int) in
            TeamStanding(team: "nlp", quotas: [QuotaStanding(quota: spot, using: spotUse), QuotaStanding(quota: train, using: trainUse)])
        }
        #expect(s.quotaPosition(team: nlp, standing: nil) == .within)
        #expect(s.quotaPosition(team: nlp, standing: standing(1, 0)) == .borrowing(in: [QuotaPlace(pool: "spot", model: nil)]))
        #expect(s.quotaPosition(team: nlp, standing: standing(2, 5)) == .over(in: [QuotaPlace(pool: "train", model: "H100")]))
        #expect(s.quotaPosition(team: nlp, standing: standing(0, 4)) == .within)
        #expect(QuotaPlace(spot).name == "spot" && QuotaPlace(train).name == "train H100")
        #expect(QuotaPosition.within < .borrowing(in: []) && QuotaPosition.borrowing(in: []) < .over(in: []))
    }

    @Test("month to date counted from a store begun mid-month says since when; a whole month says nothing")
    func monthToDateSince() throws {
        let s = Fixture.state()  // begun 2026-11-02 00:00, a day into November
        let nlp = try #require(s.teamIndex(named: "nlp"))
        #expect(s.monthToDateSince(team: nlp) == Fixture.t0)
        var next = s
        next.apply(.clock(at: UTCCalendar.nextMonthStart(after: Fixture.t0) + 60))
        #expect(next.monthToDateSince(team: nlp) == nil)  // December is counted from its start
    }
}

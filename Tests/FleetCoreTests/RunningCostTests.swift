import Testing
@testable import FleetCore

@Suite("Running jobs in chargeback")
struct RunningCostTests {
    @Test("a running job on a priced and an unpriced node: one line each, hours from the period's start, $/h per option")
    func piecesPerNodeAndPrice() throws {
        var s = TeamHoldingsTests.state()  // p0/H100 on n0, p1/A100 on n1, p1/H100 on n2
        s.apply(.policyDefined(PolicySpec(source: "test", priorityClasses: PolicySpec.defaultPriorityClasses,
                                          prices: [Price(model: "H100", purchase: .onPrem, region: "r", dollarsPerGPUHour: 2)])))
        let t0 = Fixture.t0
        s.apply(Fixture.submit("a", team: "vision", gpus: 3, at: t0))
        s.apply(.jobStarted(id: "a", at: t0, gpus: [0, 1, 2]))  // two priced H100s on n0, one unpriced A100 on n1
        s.apply(.clock(at: t0 + 3 * 3600))

        let lines = Chargeback.lines(s, from: t0 + 3600, to: t0 + 86_400)  // the first hour is outside the period
        #expect(lines.count == 2)
        let priced = try #require(lines.first { $0.pool == "p0" })
        #expect(priced.team == "vision" && priced.project == "x" && priced.model == "H100" && priced.purchase == .onPrem)
        #expect(abs(priced.gpuHours - 4) < 1e-9)  // 2 GPUs × 2 h
        #expect(abs(priced.cost - 8) < 1e-9)
        #expect(priced.unpricedGPUHours == 0)
        let unpriced = try #require(lines.first { $0.pool == "p1" })
        #expect(unpriced.model == "A100" && unpriced.purchase == .spot)
        #expect(abs(unpriced.unpricedGPUHours - 2) < 1e-9)
        #expect(unpriced.cost == 0)

        let byPool = CostBreakdown.derive(s, by: .pool).rows
        #expect(byPool.map(\.name) == ["p0", "p1"])
        #expect(byPool[0].perHourByOption == [.onPrem: 4])  // the unpriced A100 has no $/h, not $0
        #expect(byPool[1].perHourByOption.isEmpty)
        #expect(abs(byPool[0].monthToDate - 12) < 1e-9)  // 2 GPUs × 3 h × $2 this month
    }
}

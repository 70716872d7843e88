import Testing
@testable import FleetCore
@testable import FleetFeeds

@Suite("Cost breakdown and commitment")
struct CostBreakdownTests {
    @Test("rows by any dimension add up to the fleet's cost exposure and the month's chargeback")
    func addsUp() {
        let sim = FleetSimulator(config: SimulatorConfig(seed: 9, gpuCount: 128, teamCount: 4))
        var state = FleetState()
        state.apply(sim.genesis())
        sim.run(&state, until: sim.config.epoch + 4 * 3600)
        let kpis = FleetKPIs.derive(from: state, wallNow: nil)
        let exposure = (kpis.costPerHour ?? 0) - (kpis.unallocatedCostPerHour ?? 0)  // what is held
        let start = UTCCalendar.monthStart(containing: state.now)
        let month = Chargeback.lines(state, from: start, to: UTCCalendar.nextMonthStart(after: start)).reduce(0) { $0 + $1.cost }
        for dimension in CostBreakdown.Dimension.allCases {
            let rows = CostBreakdown.derive(state, by: dimension).rows
            #expect(abs(rows.reduce(0) { $0 + $1.perHour } - exposure) < 0.01, "\(dimension)")
            #expect(abs(rows.reduce(0) { $0 + $1.monthToDate } - month) < 0.01, "\(dimension)")
        }
    }

    @Test("commit where the share of hours above the level equals reserved ÷ on-demand; the saving is exact")
    func commitment() {
        var s = FleetState()
        s.apply(.fleetDefined(FleetSpec(name: "f", clusters: [Cluster(name: "c", region: "r")],
                                        pools: [Pool(name: "burst", cluster: 0, purchase: .onDemand)],
                                        models: [GPUModel(name: "H100", memoryMiB: 0, tdpWatts: 0)],
                                        nodes: [NodeSpec(name: "n", pool: 0, model: 0, gpuCount: 16, zone: "", gpuUUIDs: [])])))
        s.apply(.policyDefined(PolicySpec(source: "t", priorityClasses: PolicySpec.defaultPriorityClasses, prices: [
            Price(model: "H100", purchase: .onDemand, region: "r", dollarsPerGPUHour: 4),
            Price(model: "H100", purchase: .reserved, region: "r", dollarsPerGPUHour: 2),
        ])))
        var demand = DemandHistory()
        // 12 hours at 10 GPUs and 12 hours at 4: with reserved at half the on-demand price, commit the median.
        for h in 0..<24 { demand.sample(pools: ["burst": h < 12 ? 10 : 4], teams: [:], hour: h) }
        s.demand = demand
        let advice = CommitmentAdvice.derive(s)
        #expect(advice.count == 1)
        let a = advice[0]
        #expect(a.commitGPUs == 10)
        #expect(a.onDemandCost == (12 * 10 + 12 * 4) * 4)
        #expect(a.mixedCost == 24 * 10 * 2)
        #expect(TotalCostOfOwnership.perUsefulHour(s, model: "H100", utilisation: 0.5).map(\.1) == [4, 4])
    }
}

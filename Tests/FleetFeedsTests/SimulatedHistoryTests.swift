import FleetCore
import FleetFeeds
import Testing

@Suite("Simulated KPI history")
struct SimulatedHistoryTests {
    private func warmed(seed: UInt64) -> FleetState {
        let sim = FleetSimulator(config: SimulatorConfig(seed: seed, gpuCount: 128, teamCount: 4))
        var state = FleetState()
        state.apply(sim.genesis())
        return state
    }

    @Test("90 days of hours for every scope; same seed, same history; another seed, another")
    func deterministic() {
        let state = warmed(seed: 7)
        let a = SimulatedHistory(seed: 7).hours(of: state, days: 90, endingAt: state.now)
        let again = SimulatedHistory(seed: 7).hours(of: state, days: 90, endingAt: state.now)
        let other = SimulatedHistory(seed: 8).hours(of: state, days: 90, endingAt: state.now)
        #expect(a.elementsEqual(again), "same seed, same history")
        #expect(!a.elementsEqual(other), "another seed, another history")
        let fleetHours = a.filter { $0.scope == .fleet }
        #expect(fleetHours.count == 90 * 24)
        #expect(fleetHours.last?.start == Int(state.now / 3600) * 3600 - 3600, "the last hour ends where the live fleet begins")
        let teams = Set(a.filter { $0.scope.kind == .team }.map(\.scope.name))
        #expect(teams == Set(state.org.teams.map(\.name)))
        #expect(Set(a.filter { $0.scope.kind == .priorityClass }.map(\.scope.name)) == Set(state.priorityClasses.map(\.name)))
    }

    @Test("the history needs only the fleet's definition: made from the first state or the warmed-up one, it is the same")
    func sameFromGenesisAndWarmedUp() {
        let sim = FleetSimulator(config: SimulatorConfig(seed: 4, gpuCount: 128, teamCount: 4))
        var state = FleetState()
        state.apply(sim.genesis())
        let first = state
        sim.run(&state, until: sim.config.epoch + 2 * 3600)
        #expect(state.version != first.version)
        let model = SimulatedHistory(seed: 4)
        #expect(model.hours(of: first, days: 7, endingAt: sim.config.epoch) == model.hours(of: state, days: 7, endingAt: sim.config.epoch))
    }

    @Test("the fleet is the sum of its pools and departments of their teams, hour by hour; reservations stay missing")
    func partsAddUp() throws {
        let state = warmed(seed: 3)
        let hours = SimulatedHistory(seed: 3).hours(of: state, days: 3, endingAt: state.now)
        for (start, rows) in Dictionary(grouping: hours, by: \.start) {
            let fleet = try #require(rows.first { $0.scope == .fleet })
            for sum in [RollupSum.totalGPUHours, .allocatedGPUHours, .costDollars, .idleAllocatedGPUHours] {
                let pools = rows.filter { $0.scope.kind == .pool }.reduce(0) { $0 + ($1[sum] ?? 0) }
                #expect(abs(pools - (fleet[sum] ?? -1)) < 1e-6, "\(sum) at \(start)")
            }
            let teams = rows.filter { $0.scope.kind == .team }.reduce(0) { $0 + ($1[.allocatedGPUHours] ?? 0) }
            let departments = rows.filter { $0.scope.kind == .department }.reduce(0) { $0 + ($1[.allocatedGPUHours] ?? 0) }
            #expect(abs(teams - departments) < 1e-6)
            #expect(fleet[.coveredHours] == 1)
            #expect(fleet[.reservedGPUHours] == nil)
            #expect(abs((fleet[.totalGPUHours] ?? 0) - 128) < 1e-9)
        }
    }

    @Test("each team keeps a work habit of its own: busy differs between teams, the same for a seed every time")
    func teamsDifferInBusy() {
        let state = warmed(seed: 5)
        func busy(_ seed: UInt64) -> [String: Double] {
            let hours = SimulatedHistory(seed: seed).hours(of: state, days: 7, endingAt: state.now).filter { $0.scope.kind == .team }
            return Dictionary(grouping: hours, by: \.scope.name).mapValues { rows in
                rows.reduce(0) { $0 + ($1[.activeGPUHours] ?? 0) } / rows.reduce(0) { $0 + ($1[.sampledAllocatedGPUHours] ?? 0) }
            }
        }
        let a = busy(5)
        #expect(a.count == 4)
        let spread = (a.values.max() ?? 0) - (a.values.min() ?? 0)
        #expect(spread > 0.05, "teams' busy: \(a)")
        #expect(busy(5) == a)
    }

    @Test("each pool and cluster has a busy of its own; weighted by allocated GPU-hours, the pools' busy is the fleet's")
    func poolsDifferInBusyAndAverageTheFleet() throws {
        let state = warmed(seed: 5)
        #expect(state.fleet.pools.count >= 2 && state.fleet.clusters.count >= 2)
        let hours = SimulatedHistory(seed: 5).hours(of: state, days: 7, endingAt: state.now)
        func busy(_ kind: RollupScopeKind) -> [String: Double] {
            var active: [String: Double] = [:], sampled: [String: Double] = [:]
            for r in hours where r.scope.kind == kind {
                active[r.scope.name, default: 0] += r[.activeGPUHours] ?? 0
                sampled[r.scope.name, default: 0] += r[.sampledAllocatedGPUHours] ?? 0
            }
            return active.reduce(into: [:]) { out, entry in out[entry.key] = entry.value / (sampled[entry.key] ?? 1) }
        }
        let pools = busy(.pool), clusters = busy(.cluster)
        #expect(Set(pools.values.map { ($0 * 1000).rounded() }).count == pools.count, "every pool its own busy: \(pools)")
        #expect(Set(clusters.values.map { ($0 * 1000).rounded() }).count == clusters.count, "every cluster its own busy: \(clusters)")
        for (start, rows) in Dictionary(grouping: hours, by: \.start) {
            let fleet = try #require(rows.first { $0.scope == .fleet })
            let fleetBusy = try #require(KPIMetric.busy.definition.value(in: fleet))
            let poolRows = rows.filter { $0.scope.kind == .pool }
            var weightedSum = 0.0, weights = 0.0
            for r in poolRows {
                let hours: Double = r[.sampledAllocatedGPUHours] ?? 0
                let poolBusy: Double = KPIMetric.busy.definition.value(in: r) ?? 0
                weightedSum += hours * poolBusy
                weights += hours
            }
            let weighted = weightedSum / weights
            #expect(abs(weighted - fleetBusy) < 1e-9, "hour \(start)")
            #expect(poolRows.allSatisfy { r in KPIMetric.busy.definition.value(in: r).map { $0 > 0 && $0 < 1 } ?? true })
        }
        let again = SimulatedHistory(seed: 5).hours(of: state, days: 7, endingAt: state.now)
        #expect(again.elementsEqual(hours), "same seed and pool names, same busy")
    }
}

import FleetCore
import Foundation

/// The KPI history a new simulated store starts with: an hourly aggregate model of the simulator's own fleet (not a
/// replay of its jobs), so review and trends have months to show at first start. Same seed and fleet, same history.
///
/// Per pool and hour, demand follows a weekday/daytime cycle on a slow upward trend with noise; allocation is capped
/// by what is up; a few nodes go down or drain now and then. Each pool, and each team of the ones sharing the
/// allocation by quota, works its GPUs with a habit of its own (busier or idler than the fleet, averaging the fleet's
/// busy over their GPU-hours), classes by a fixed mix; clusters, the fleet and departments are the sums of their
/// parts, as the live rollups are.
public struct SimulatedHistory: Sendable {
    public let seed: UInt64

    /// A history model for `seed`.
    public init(seed: UInt64) { self.seed = seed }

    /// Hourly rollups (every scope) of the `days` before `end` (a fleet hour start), for the fleet `state` defines.
    public func hours(of state: FleetState, days: Int, endingAt end: Double) -> [KPIRollup] {
        let endHour = Int((end / 3600).rounded(.down)) * 3600
        let count = max(0, days) * 24
        var out: [KPIRollup] = []
        out.reserveCapacity(count * 32)
        let habits = state.org.teams.map { workHabit(of: $0.name) }
        let pools = poolSizes(state)
        for k in 0..<count {
            out += hour(start: endHour - (count - k) * 3600, index: k, of: count, habits: habits, pools: pools, state)
        }
        return out
    }

    /// GPUs and the sum of their prices per pool: the same every hour, so counted once rather than per hour.
    private func poolSizes(_ s: FleetState) -> (gpus: [Double], price: [Double]) {
        var gpusPerPool = [Double](repeating: 0, count: s.fleet.pools.count), pricePerPool = gpusPerPool
        for g in 0..<s.gpus.count {
            let n = Int(s.gpus.node[g])
            guard n < s.nodes.count, s.nodes[n].pool < gpusPerPool.count else { continue }
            gpusPerPool[s.nodes[n].pool] += 1
            if g < s.gpuPrice.count, s.gpuPrice[g].isFinite { pricePerPool[s.nodes[n].pool] += s.gpuPrice[g] }
        }
        return (gpusPerPool, pricePerPool)
    }

    /// Every scope's rollup of one hour.
    private func hour(start: Int, index: Int, of count: Int, habits: [Double], pools: (gpus: [Double], price: [Double]),
                      _ s: FleetState) -> [KPIRollup] {
        var rng = SimRandom(seed: seed, stream: 0x4849_5354, index: UInt64(start))
        let c = UTCCalendar.components(Double(start))
        let weekday = c.weekday >= 1 && c.weekday <= 5
        let daytime = 0.5 + 0.5 * sin(Double(c.hour - 8) / 24 * 2 * .pi)
        let trend = 0.85 + 0.15 * Double(index) / Double(max(1, count))
        let demand = min(0.98, max(0.2, trend * ((weekday ? 0.72 : 0.58) + 0.12 * daytime) + 0.04 * rng.normal()))
        let busy = min(0.95, max(0.3, 0.68 + 0.05 * rng.normal()))
        let idleShare = min(0.3, max(0, 0.08 + 0.03 * rng.normal()))
        let (gpusPerPool, pricePerPool) = pools
        var rollups: [KPIRollup] = []
        var fleetAllocated = 0.0, fleetAllocatedCost = 0.0
        var parts: [(pool: Int, total: Double, price: Double, down: Double, planned: Double, capacity: Double, allocated: Double)] = []
        for (p, pool) in s.fleet.pools.enumerated() where gpusPerPool[p] > 0 {
            let total = gpusPerPool[p], price = pricePerPool[p] / total
            let down = rng.unit() < 0.03 ? 8 : 0.0, planned = rng.unit() < 0.02 ? 8 : 0.0
            let capacity = max(0, total - down - planned)
            let allocated = (capacity * min(1, demand * (pool.purchase == .spot ? 0.7 : 1))).rounded()
            parts.append((p, total, price, down, planned, capacity, allocated))
            fleetAllocated += allocated
            fleetAllocatedCost += allocated * price
        }
        let poolBusy = poolBusy(busy: busy, pools: parts.map { (s.fleet.pools[$0.pool].name, $0.allocated) })
        for (i, part) in parts.enumerated() {
            let (total, price, down, planned, capacity, allocated) = (part.total, part.price, part.down, part.planned, part.capacity, part.allocated)
            var r = KPIRollup(start: start, resolution: .hour, scope: RollupScope(.pool, s.fleet.pools[part.pool].name))
            let values: [(RollupSum, Double)] = [
                (.coveredHours, 1), (.totalGPUHours, total), (.allocatedGPUHours, allocated), (.downGPUHours, down),
                (.plannedDownGPUHours, planned), (.idleGPUHours, capacity - allocated), (.capacityGPUHours, capacity),
                (.sampledAllocatedGPUHours, allocated), (.activeGPUHours, allocated * poolBusy[i]),
                (.sampledCapacityGPUHours, capacity), (.capacityUtilGPUHours, allocated * poolBusy[i]),
                (.costDollars, total * price), (.unallocatedDollars, (total - allocated) * price),
                (.idleAllocatedGPUHours, (allocated * idleShare).rounded()), (.idleAllocatedDollars, (allocated * idleShare).rounded() * price),
                (.nodeFailures, down > 0 ? 1 : 0), (.xids, Double(rng.int(in: 0...(down > 0 ? 6 : 1)))),
            ]
            for (sum, v) in values { r.add(v, to: sum) }
            rollups.append(r)
        }
        let clusters = sumUp(rollups, start: start) { pool in
            s.fleet.pools.first { $0.name == pool.name }.flatMap { p in
                p.cluster < s.fleet.clusters.count ? RollupScope(.cluster, s.fleet.clusters[p.cluster].name) : nil
            }
        }
        var fleet = sumUp(rollups, start: start) { _ in .fleet }
        let teams = teamHours(s, start: start, allocated: fleetAllocated, pricePerGPU: fleetAllocated > 0 ? fleetAllocatedCost / fleetAllocated : 0,
                              busy: busy, idleShare: idleShare, demand: demand, habits: habits, rng: &rng)
        let departments = sumUp(teams, start: start) { team in
            s.teamIndex(named: team.name).flatMap { i in
                let d = s.org.teams[i].department
                return d < s.org.departments.count ? RollupScope(.department, s.org.departments[d].name) : nil
            }
        }
        let classes = classHours(s, start: start, allocated: fleetAllocated, busy: busy, idleShare: idleShare, demand: demand, rng: &rng)
        for i in fleet.indices {
            for r in classes {
                for sum in [RollupSum.pendingJobHours, .pendingGPUHours, .jobsStarted, .jobsStartedWithinSLA] { fleet[i].add(r[sum] ?? 0, to: sum) }
                if let w = r.waits { fleet[i].waits = (fleet[i].waits ?? LogHistogram()).merged(w) }
            }
            for t in teams {
                for sum in [RollupSum.requestsFiled, .requestsApproved, .requestsDenied, .requestsLapsed, .escalations, .overrideGPUHoursGranted] {
                    fleet[i].add(t[sum] ?? 0, to: sum)
                }
                if let d = t.decisions { fleet[i].decisions = (fleet[i].decisions ?? LogHistogram()).merged(d) }
            }
            fleet[i].add(rng.unit() < 0.1 ? 1 : 0, to: .preemptions)
        }
        return fleet + clusters + rollups + teams + departments + classes
    }

    /// Rollups of the parts summed into the scope `scope(part)` names (covered hours stay one hour).
    private func sumUp(_ parts: [KPIRollup], start: Int, scope: (RollupScope) -> RollupScope?) -> [KPIRollup] {
        var out: [RollupScope: KPIRollup] = [:]
        for part in parts {
            guard let target = scope(part.scope) else { continue }
            out[target, default: KPIRollup(start: start, resolution: .hour, scope: target)].absorb(part)
        }
        return out.values.sorted { $0.scope < $1.scope }.map { r in
            var r = r
            r.set(1, .coveredHours)
            return r
        }
    }
}

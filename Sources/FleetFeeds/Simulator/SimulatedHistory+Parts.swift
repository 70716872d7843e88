import FleetCore
import Foundation

extension SimulatedHistory {
    /// Teams' share of the hour's allocation, by quota (equal shares without quotas), with their waste and borrowing.
    /// `habits` are the teams' `workHabit`s, in org order.
    func teamHours(_ s: FleetState, start: Int, allocated: Double, pricePerGPU: Double, busy: Double, idleShare: Double,
                   demand: Double, habits: [Double], rng: inout SimRandom) -> [KPIRollup] {
        let teams = s.org.teams
        guard !teams.isEmpty, habits.count == teams.count else { return [] }
        let weights = teams.map { team -> Double in
            Double(max(1, team.quotaGPUs)) * max(0.2, 1 + 0.25 * rng.normal())
        }
        let total = weights.reduce(0, +)
        // Habits are scaled so the teams' GPU-hours average the fleet's busy, which the pools report.
        let meanHabit = zip(weights, habits).reduce(0) { $0 + $1.0 * $1.1 } / total
        return teams.enumerated().map { i, team in
            let held = (allocated * weights[i] / total).rounded()
            var r = KPIRollup(start: start, resolution: .hour, scope: RollupScope(.team, team.name))
            let pending = max(0, (demand - 0.6) * 10 * weights[i] / total * Double(teams.count) + rng.normal()).rounded()
            let habit = habits[i] / meanHabit
            let teamBusy = min(0.98, busy * habit), teamIdle = min(0.6, idleShare * (2 - habit))
            let values: [(RollupSum, Double)] = [
                (.coveredHours, 1), (.allocatedGPUHours, held), (.sampledAllocatedGPUHours, held), (.activeGPUHours, held * teamBusy),
                (.idleAllocatedGPUHours, (held * teamIdle).rounded()), (.idleAllocatedDollars, (held * teamIdle).rounded() * pricePerGPU),
                (.costDollars, held * pricePerGPU), (.pendingJobHours, pending), (.pendingGPUHours, pending * 4),
            ]
            for (sum, v) in values { r.add(v, to: sum) }
            if team.hasLimits { r.add(max(0, held - Double(team.quotaGPUs)), to: .borrowedGPUHours) }
            if rng.unit() < 0.02 {
                let approved = rng.unit() < 0.7
                r.add(1, to: .requestsFiled)
                r.add(approved ? 1 : 0, to: .requestsApproved)
                r.add(approved ? 0 : 1, to: .requestsDenied)
                r.add(0, to: .requestsLapsed)
                r.add(rng.unit() < 0.2 ? 1 : 0, to: .escalations)
                r.add(approved ? 8 * Double(rng.int(in: 1...12)) : 0, to: .overrideGPUHoursGranted)
                var decisions = LogHistogram()
                decisions.record(1800 + 3 * 3600 * rng.unit())
                r.decisions = decisions
            }
            return r
        }
    }

    /// How hard a team works its GPUs, 0.7–1.3 times the fleet's busy (the less busy, the more idle): fixed per team
    /// name and seed, so teams differ the same way all history long.
    func workHabit(of team: String) -> Double {
        var rng = SimRandom(seed: seed, key: "work habit \(team)")
        return 0.7 + 0.6 * rng.unit()
    }

    /// Each pool's busy in an hour whose fleet busy is `busy`: the fleet's moved by the pool's lean (fixed per pool name
    /// and seed) less the GPU-hour-weighted mean lean, so the pools' busy weighted by their allocated GPU-hours is
    /// exactly the fleet's. The move stays within 60 % of the room to 0 and 1, so no pool's busy leaves (0, 1).
    func poolBusy(busy: Double, pools: [(name: String, allocated: Double)]) -> [Double] {
        let leans = pools.map { pool -> Double in
            var rng = SimRandom(seed: seed, key: "pool work habit \(pool.name)")
            return rng.unit() - 0.5
        }
        let allocated = pools.reduce(0) { $0 + $1.allocated }
        let meanLean = allocated > 0 ? zip(pools, leans).reduce(0) { $0 + $1.0.allocated * $1.1 } / allocated : 0
        let room = 0.6 * min(busy, 1 - busy)
        return leans.map { busy + ($0 - meanLean) * room }
    }

    /// Priority classes' share of the allocation, their queues and waits (log-normal around a share of their SLA).
    func classHours(_ s: FleetState, start: Int, allocated: Double, busy: Double, idleShare: Double, demand: Double,
                    rng: inout SimRandom) -> [KPIRollup] {
        let classes = s.priorityClasses
        guard !classes.isEmpty else { return [] }
        let mix = [0.3, 0.05, 0.1, 0.35, 0.15, 0.05]
        return classes.enumerated().map { c, cls in
            let share = c < mix.count ? mix[c] : 0.05
            let held = (allocated * share).rounded()
            var r = KPIRollup(start: start, resolution: .hour, scope: RollupScope(.priorityClass, cls.name))
            let pressure = max(0.05, demand - 0.5)
            let pending = max(0, (pressure * 40 * share + rng.normal()).rounded())
            let started = Double(rng.int(in: 0...max(1, Int(12 * share * 10))))
            var waits = LogHistogram()
            var within = 0.0
            let sla = cls.queueWaitSLASeconds.isFinite ? cls.queueWaitSLASeconds : 86_400
            for _ in 0..<Int(started) {
                let wait = sla * pressure * exp(0.9 * rng.normal())
                waits.record(wait)
                if wait <= sla { within += 1 }
            }
            let values: [(RollupSum, Double)] = [
                (.coveredHours, 1), (.allocatedGPUHours, held), (.sampledAllocatedGPUHours, held), (.activeGPUHours, held * busy),
                (.idleAllocatedGPUHours, (held * idleShare).rounded()), (.pendingJobHours, pending), (.pendingGPUHours, pending * 4),
                (.jobsStarted, started), (.jobsStartedWithinSLA, within),
            ]
            for (sum, v) in values { r.add(v, to: sum) }
            if started > 0 { r.waits = waits }
            return r
        }
    }
}

extension KPIRollupAccumulator {
    /// One GPU's minute, counted into its pool (or the fleet alone) and its job's team and class.
    struct GPUCounts {
        var total = 0.0, allocated = 0.0, down = 0.0, plannedDown = 0.0, idle = 0.0, capacity = 0.0
        var sampledAllocated = 0.0, active = 0.0, sampledCapacity = 0.0, capacityUtil = 0.0
        var cost = 0.0, idleAllocated = 0.0, idleAllocatedCost = 0.0, unallocatedCost = 0.0
    }

    /// Adds `hours` of the state as it is now: the sreport split, utilisation, cost and idle waste per pool, cluster
    /// and the fleet; allocation, utilisation and idle waste per team, department and class; pending depth and
    /// borrowing. The judgments (allocated, schedulable, current telemetry, idle) are `FleetKPIs.derive`'s; without
    /// `everyGPUSampled` no GPU's telemetry counts (utilisation and idle waste stay unmeasured for these minutes).
    mutating func sample(_ s: FleetState, hours w: Double, everyGPUSampled: Bool) {
        let pools = s.fleet.pools.count, teams = s.org.teams.count, classes = s.priorityClasses.count
        var byPool = [GPUCounts](repeating: GPUCounts(), count: pools + 1)  // last: GPUs of no pool
        var byTeam = [GPUCounts](repeating: GPUCounts(), count: teams), byClass = [GPUCounts](repeating: GPUCounts(), count: classes)
        let reference = GPUFreshness.reference(s, wallNow: s.now), staleAfter = GPUFreshness.staleAfter(s)
        let idleWindow = s.policy?.idleWindowSeconds ?? 1800
        let reportedOnly = s.reportedOnlyAllocation()
        var telemetry = false, priced = false
        let gpus = s.gpus
        // Per node once, not per GPU: copying a node (its strings retained and released) for each of 100,000 GPUs a
        // fleet minute was most of this pass.
        let nodePool = s.nodes.map { $0.pool >= 0 && $0.pool < pools ? $0.pool : pools }
        let nodeState = s.nodes.map(\.state)
        for g in 0..<gpus.count {
            let n = Int(gpus.node[g])
            guard n >= 0, n < nodePool.count else { continue }
            let p = nodePool[n], state = nodeState[n]
            let allocated = s.isAllocated(gpu: g, node: n, reportedOnly: reportedOnly)
            let failing = gpus.health[g] == .failing
            let schedulable = state == .up && !failing
            let fresh = everyGPUSampled && GPUFreshness.isFresh(s, gpu: g, reference: reference, staleAfter: staleAfter) && gpus.utilPercent[g].isFinite
            let util = fresh ? Double(gpus.utilPercent[g]) / 100 : 0
            let price = g < s.gpuPrice.count ? s.gpuPrice[g] : .nan
            let idleAllocated = allocated && fresh && !gpus.idleSince[g].isNaN && s.now - gpus.idleSince[g] >= idleWindow
            telemetry = telemetry || fresh
            var c = GPUCounts()
            c.total = 1
            if allocated { c.allocated = 1 } else if state == .down || failing { c.down = 1 } else if state == .drain { c.plannedDown = 1 } else { c.idle = 1 }
            if schedulable {
                c.capacity = 1
                if fresh { c.sampledCapacity = 1; c.capacityUtil = util }
            }
            if allocated, fresh { c.sampledAllocated = 1; c.active = util }
            if idleAllocated { c.idleAllocated = 1 }
            if price.isFinite {
                priced = true
                c.cost = price
                if !allocated { c.unallocatedCost = price }
                if idleAllocated { c.idleAllocatedCost = price }
            }
            byPool[p].add(c)
            let slot = Int(gpus.allocatedSlot[g])
            // The two fields read in place: binding the whole job would copy it.
            guard allocated, slot >= 0, slot < s.jobSlots.count, let team = s.jobSlots[slot]?.team,
                  let jobClass = s.jobSlots[slot]?.priorityClass else { continue }
            if team >= 0, Int(team) < teams { byTeam[Int(team)].add(c) }
            if jobClass >= 0, Int(jobClass) < classes { byClass[Int(jobClass)].add(c) }
        }
        for p in byPool.indices {
            var scopes = [RollupScope.fleet]
            if p < pools {
                let pool = s.fleet.pools[p]
                scopes.append(RollupScope(.pool, pool.name))
                if pool.cluster >= 0, pool.cluster < s.fleet.clusters.count { scopes.append(RollupScope(.cluster, s.fleet.clusters[pool.cluster].name)) }
            }
            for scope in scopes { addCapacity(byPool[p], scope, hours: w, telemetry: telemetry, priced: priced) }
        }
        add(w, .coveredHours, .fleet)
        for pool in s.fleet.pools { add(w, .coveredHours, RollupScope(.pool, pool.name)) }
        for cluster in s.fleet.clusters { add(w, .coveredHours, RollupScope(.cluster, cluster.name)) }
        for (t, team) in s.org.teams.enumerated() {
            var scopes = [RollupScope(.team, team.name)]
            if let d = department(of: team, s) { scopes.append(RollupScope(.department, d)) }
            let usage = t < s.teamUsage.count ? s.teamUsage[t] : TeamUsage()
            let borrowed = team.hasLimits ? Double(max(0, usage.allocatedGPUs - team.quotaGPUs)) : nil
            for scope in scopes {
                addUse(byTeam[t], scope, hours: w, telemetry: telemetry, priced: priced, includingAllocated: false)
                add(Double(usage.pendingJobs) * w, .pendingJobHours, scope)
                add(Double(usage.pendingGPUs) * w, .pendingGPUHours, scope)
                if let borrowed { add(borrowed * w, .borrowedGPUHours, scope) }
            }
            add(w, .coveredHours, RollupScope(.team, team.name))
        }
        for d in s.org.departments { add(w, .coveredHours, RollupScope(.department, d.name)) }
        samplePending(s, classUse: byClass, hours: w, telemetry: telemetry, priced: priced)
    }

    /// Pending jobs and GPUs per class and for the fleet, and each class's use.
    private mutating func samplePending(_ s: FleetState, classUse: [GPUCounts], hours w: Double, telemetry: Bool, priced: Bool) {
        let classes = s.priorityClasses
        var jobs = [Double](repeating: 0, count: classes.count), gpus = jobs
        var fleetJobs = 0.0, fleetGPUs = 0.0
        // The reducer's flat job columns: no job is copied to read three numbers.
        let columns = s.jobColumns ?? .count(s)
        for slot in 0..<columns.count where columns.state[slot] == .pending {
            let jobGPUs = Double(columns.gpus[slot]), jobClass = Int(columns.priorityClass[slot])
            fleetJobs += 1
            fleetGPUs += jobGPUs
            if jobClass >= 0, jobClass < classes.count {
                jobs[jobClass] += 1
                gpus[jobClass] += jobGPUs
            }
        }
        for (c, cls) in classes.enumerated() {
            let scope = RollupScope(.priorityClass, cls.name)
            addUse(classUse[c], scope, hours: w, telemetry: telemetry, priced: priced, includingAllocated: true)
            add(jobs[c] * w, .pendingJobHours, scope)
            add(gpus[c] * w, .pendingGPUHours, scope)
            add(w, .coveredHours, scope)
        }
        add(fleetJobs * w, .pendingJobHours, .fleet)
        add(fleetGPUs * w, .pendingGPUHours, .fleet)
    }

    /// The sreport split, utilisation, cost and idle waste of a pool, cluster or the fleet.
    private mutating func addCapacity(_ c: GPUCounts, _ scope: RollupScope, hours w: Double, telemetry: Bool, priced: Bool) {
        for (v, sum) in [(c.total, RollupSum.totalGPUHours), (c.allocated, .allocatedGPUHours), (c.down, .downGPUHours),
                         (c.plannedDown, .plannedDownGPUHours), (c.idle, .idleGPUHours), (c.capacity, .capacityGPUHours)] {
            add(v * w, sum, scope)
        }
        if telemetry {
            add(c.sampledCapacity * w, .sampledCapacityGPUHours, scope)
            add(c.capacityUtil * w, .capacityUtilGPUHours, scope)
        }
        if priced {
            add(c.cost * w, .costDollars, scope)
            add(c.unallocatedCost * w, .unallocatedDollars, scope)
        }
        addUse(c, scope, hours: w, telemetry: telemetry, priced: priced, includingAllocated: false)
    }

    /// Utilisation and idle waste of allocated GPUs, and their GPU-hours when `includingAllocated` (teams' come from
    /// the reducer's accrual instead).
    private mutating func addUse(_ c: GPUCounts, _ scope: RollupScope, hours w: Double, telemetry: Bool, priced: Bool, includingAllocated: Bool) {
        if includingAllocated { add(c.allocated * w, .allocatedGPUHours, scope) }
        guard telemetry else { return }
        add(c.sampledAllocated * w, .sampledAllocatedGPUHours, scope)
        add(c.active * w, .activeGPUHours, scope)
        add(c.idleAllocated * w, .idleAllocatedGPUHours, scope)
        if priced { add(c.idleAllocatedCost * w, .idleAllocatedDollars, scope) }
    }
}

extension KPIRollupAccumulator.GPUCounts {
    mutating func add(_ o: Self) {
        total += o.total; allocated += o.allocated; down += o.down; plannedDown += o.plannedDown; idle += o.idle
        capacity += o.capacity; sampledAllocated += o.sampledAllocated; active += o.active
        sampledCapacity += o.sampledCapacity; capacityUtil += o.capacityUtil; cost += o.cost
        idleAllocated += o.idleAllocated; idleAllocatedCost += o.idleAllocatedCost; unallocatedCost += o.unallocatedCost
    }
}

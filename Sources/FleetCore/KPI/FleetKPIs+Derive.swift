extension FleetKPIs {
    /// Telemetry older than this (fleet clock) no longer counts as current while only the simulator reports.
    public static let telemetryFreshness: Double = 300

    /// Derives every KPI from state in one pass over GPUs and live jobs. `wallNow` (wall clock) enables stale-feed alerts.
    public static func derive(from state: FleetState, wallNow: Double?) -> FleetKPIs {
        var k = FleetKPIs()
        k.totalGPUs = state.gpus.count
        deriveCapacity(state, wallNow: wallNow, into: &k)
        deriveQueues(state, into: &k)
        k.teamStandings = TeamStanding.derive(state)
        if let governance = state.governance {
            let rules = (state.policy?.rules ?? PolicyRules()).governanceOrDefault
            // Counted in place: copying thousands of open requests to count them cost more than the rest of the KPIs.
            for i in governance.requests.indices where governance.requests[i].status.isOpen {
                k.pendingApprovals += 1
                if let wallNow, wallNow > governance.requests[i].filedAt + rules.decisionSLA(governance.requests[i].urgency) {
                    k.overdueApprovals += 1
                }
            }
        }
        k.alerts = (FleetAlert.derive(from: state, classes: k.classes, wallNow: wallNow) + usageAlerts(k, state))
            .sorted { ($0.severity, $1.subject) > ($1.severity, $0.subject) }
        return k
    }

    private static func deriveCapacity(_ state: FleetState, wallNow: Double?, into k: inout FleetKPIs) {
        let gpus = state.gpus
        // Node fields read in place: mapping over `Node` values copied (and retained the strings of) 12,500 nodes twice.
        var nodeUp = [Bool](repeating: false, count: state.nodes.count), nodePool = [Int](repeating: 0, count: state.nodes.count)
        for n in state.nodes.indices {
            nodeUp[n] = state.nodes[n].state == .up
            nodePool[n] = state.nodes[n].pool
        }
        // The same freshness :gpus shows: a stalled live feed makes busy % stale here too.
        let reference = GPUFreshness.reference(state, wallNow: wallNow ?? state.now), staleAfter = GPUFreshness.staleAfter(state)
        let idleWindow = state.policy?.idleWindowSeconds ?? 1800
        var pools = state.fleet.pools.map { PoolKPI(name: $0.name, purchase: $0.purchase) }
        // Per-pool sums in plain local arrays: changing `pools[p]` fields per GPU pays a uniqueness check each time.
        var poolTotal = [Int](repeating: 0, count: pools.count), poolCapacity = poolTotal, poolAllocated = poolTotal
        var poolSampled = poolTotal
        var poolCost = [Double](repeating: 0, count: pools.count), poolUtil = poolCost
        var capacity = 0, allocatedCount = 0, busySampled = 0
        var capacityUtil = 0.0, capacitySampled = 0, busyUtil = 0.0
        var idle = 0, idleCost = 0.0, cost = 0.0, unallocatedCost = 0.0, priced = 0
        let reportedOnly = state.reportedOnlyAllocation()
        let price = state.gpuPrice, sampledAt = gpus.sampledAt, utilPercent = gpus.utilPercent, idleSince = gpus.idleSince
        let health = gpus.health, node = gpus.node
        for g in 0..<gpus.count {
            let n = Int(node[g])
            let pool = nodePool[n]
            let schedulable = nodeUp[n] && health[g] != .failing
            let allocated = state.isAllocated(gpu: g, node: n, reportedOnly: reportedOnly)
            let fresh = sampledAt[g] > 0 && reference - sampledAt[g] <= staleAfter && utilPercent[g].isFinite
            // Percent points, summed exactly (whole floats) and divided once at the end: a division per GPU was a
            // third of this pass.
            let util = fresh ? Double(utilPercent[g]) : 0
            let p = g < price.count ? price[g] : .nan
            if p.isFinite {
                priced += 1
                cost += p
                if !allocated { unallocatedCost += p }
            }
            if allocated, fresh, !idleSince[g].isNaN, state.now - idleSince[g] >= idleWindow {
                idle += 1
                if p.isFinite { idleCost += p }
            }
            let inPool = pool < pools.count
            if inPool {
                poolTotal[pool] += 1
                if p.isFinite { poolCost[pool] += p }
            }
            guard schedulable else { continue }
            capacity += 1
            if fresh { capacityUtil += util; capacitySampled += 1 }
            if inPool { poolCapacity[pool] += 1 }
            guard allocated else { continue }
            allocatedCount += 1
            if inPool {
                poolAllocated[pool] += 1
                if fresh { poolUtil[pool] += util; poolSampled[pool] += 1 }
            }
            if fresh { busyUtil += util; busySampled += 1 }
        }
        for p in pools.indices {
            pools[p].totalGPUs = poolTotal[p]
            pools[p].costPerHour = poolCost[p]
            pools[p].capacity = poolCapacity[p]
            pools[p].allocated = poolAllocated[p]
            if poolSampled[p] > 0 { pools[p].busy = poolUtil[p] / 100 / Double(poolSampled[p]) }
        }
        k.pools = pools
        k.capacity = capacity
        k.allocated = allocatedCount
        k.busySampledGPUs = busySampled
        k.unpricedGPUs = gpus.count - priced
        k.allocationKnown = state.allocationIsKnown
        if k.capacity > 0, k.allocationKnown { k.allocation = Double(k.allocated) / Double(k.capacity) }
        if k.busySampledGPUs > 0 { k.busy = busyUtil / 100 / Double(k.busySampledGPUs) }
        if capacitySampled > 0, k.capacity > 0 { k.effectiveUtilization = capacityUtil / 100 / Double(k.capacity) }
        let hasTelemetry = capacitySampled > 0 || k.busySampledGPUs > 0
        if hasTelemetry {
            k.idleAllocated = idle
            k.idleAllocatedCostPerHour = priced > 0 ? idleCost : nil
        }
        if priced > 0 {
            k.costPerHour = cost
            k.unallocatedCostPerHour = unallocatedCost
            // Without telemetry idle allocated is unknown, so the idle cost is unknown too.
            k.idleCostPerHour = hasTelemetry ? idleCost + unallocatedCost : nil
        }
    }

    private static func deriveQueues(_ state: FleetState, into k: inout FleetKPIs) {
        var classes = state.priorityClasses.map { ClassQueueKPI(name: $0.name, slaSeconds: $0.queueWaitSLASeconds) }
        // Jobs of no known class get a row per label (`qos:normal`), so the rows add up to the totals.
        var unmapped: [String: Int] = [:]
        // The reducer's flat columns: a pass over plain numbers, not over optional `Job` values.
        let columns = state.jobColumns ?? .count(state)
        let jobState = columns.state, jobClass = columns.priorityClass, submittedAt = columns.submittedAt, jobGPUs = columns.gpus
        let classCount = state.priorityClasses.count
        var oldest = -Double.infinity
        for slot in 0..<columns.count {
            guard let status = jobState[slot] else { continue }
            var c = Int(jobClass[slot])
            if c < 0 || c >= classCount, slot < state.jobSlots.count, let job = state.jobSlots[slot] {
                let label = state.classLabel(of: job)
                if let existing = unmapped[label] {
                    c = existing
                } else {
                    c = classes.count
                    unmapped[label] = c
                    classes.append(ClassQueueKPI(name: label, slaSeconds: .infinity))
                }
            }
            let known = c >= 0 && c < classes.count
            if status == .running {
                k.runningJobs += 1
                if known { classes[c].runningJobs += 1 }
                continue
            }
            let wait = max(0, state.now - submittedAt[slot])
            let gpus = Int(jobGPUs[slot])
            k.pendingJobs += 1
            k.pendingGPUs += gpus
            oldest = max(oldest, wait)
            guard known else { continue }
            classes[c].pendingJobs += 1
            classes[c].pendingGPUs += gpus
            classes[c].oldestPendingWait = max(classes[c].oldestPendingWait ?? 0, wait)
        }
        if k.pendingJobs > 0 { k.oldestPendingWait = oldest }
        for c in classes.indices where c < state.waitRecords.count {
            let records = state.waitRecords[c]
            guard !records.isEmpty else { continue }
            let waits = records.map(\.waitSeconds).sorted()
            classes[c].startedInWindow = waits.count
            classes[c].waitP50 = Percentile.nearestRank(sorted: waits, 0.50)
            classes[c].waitP95 = Percentile.nearestRank(sorted: waits, 0.95)
            let within = waits.count { $0 <= classes[c].slaSeconds }
            classes[c].slaAttainment = Double(within) / Double(waits.count)
        }
        k.classes = classes
    }

    /// Idle allocated GPUs and quota breaches, from the KPIs already derived.
    private static func usageAlerts(_ k: FleetKPIs, _ state: FleetState) -> [FleetAlert] {
        var alerts: [FleetAlert] = []
        if let idle = k.idleAllocated, idle > 0 {
            let window = DurationFormat.short(state.policy?.idleWindowSeconds ?? 1800)
            let cost = k.idleAllocatedCostPerHour.map { ", $\(String(format2: $0))/h" } ?? ""
            alerts.append(FleetAlert(severity: .warning, subject: "fleet", message: "\(idle) allocated GPUs idle for \(window)\(cost)",
                                     since: nil, rule: .idleGPUs))
        }
        for standing in k.teamStandings {
            for q in standing.quotas where q.overLimit {
                let scope = [q.quota.pool, q.quota.model].compactMap { $0 }.joined(separator: "/")
                alerts.append(FleetAlert(severity: .warning, subject: standing.team,
                                         message: "quota breach in \(scope.isEmpty ? "all pools" : scope): holding \(q.using) GPUs,"
                                            + " nominal \(q.quota.nominal) + borrowing \(q.quota.borrowingLimit ?? 0)",
                                         since: nil, rule: .quotaBreach))
            }
        }
        return alerts
    }
}

/// Percentiles over sorted samples.
public enum Percentile {
    /// Nearest-rank percentile (p in 0...1) of ascending samples; nil when empty.
    public static func nearestRank(sorted values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let rank = Int((p * Double(values.count)).rounded(.up))
        return values[min(max(rank, 1), values.count) - 1]
    }
}

extension String {
    /// Two decimals without Foundation.
    init(format2 value: Double) {
        let cents = Int(saturating: (value * 100).rounded())
        let frac = abs(cents % 100)
        self = "\(cents / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}

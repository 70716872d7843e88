extension KPIRollupAccumulator {
    /// Counts the timed events in [last observation, `end`) into the open hour (an hour is [start, start + 1 h)): jobs started (waits and
    /// SLA per class and for the fleet), XIDs (per pool, cluster and the fleet) and governance decisions (per team,
    /// department and the fleet).
    mutating func countEvents(_ s: FleetState, until end: Double) {
        guard let from = lastNow, end > from else { return }
        defer { lastNow = end }
        let inRange = { (t: Double) in t >= from && t < end }
        add(0, .jobsStarted, .fleet)
        add(0, .jobsStartedWithinSLA, .fleet)
        for (c, cls) in s.priorityClasses.enumerated() where c < s.waitRecords.count {
            let scope = RollupScope(.priorityClass, cls.name)
            add(0, .jobsStarted, scope)
            add(0, .jobsStartedWithinSLA, scope)
            for record in s.waitRecords[c].reversed() {
                guard record.startedAt >= from else { break }
                guard record.startedAt < end else { continue }
                let within: Double = record.waitSeconds <= cls.queueWaitSLASeconds ? 1 : 0
                for sc in [scope, .fleet] {
                    add(1, .jobsStarted, sc)
                    add(within, .jobsStartedWithinSLA, sc)
                    recordWait(record.waitSeconds, sc)
                }
            }
        }
        add(0, .xids, .fleet)
        for xid in s.recentXIDs.reversed() {
            guard xid.at >= from else { break }
            guard xid.at < end else { continue }
            for scope in gpuScopes(Int(xid.gpu), s) { add(1, .xids, scope) }
        }
        countGovernance(s, inRange)
    }

    /// Counts what changed without a time of its own since the last observation into the open hour: preemptions and
    /// nodes that went down.
    mutating func countChanges(_ s: FleetState) {
        let preempted = s.jobTotals.preempted
        add(Double(max(0, preempted - (lastPreempted ?? preempted))), .preemptions, .fleet)
        lastPreempted = preempted
        add(0, .nodeFailures, .fleet)
        // By index while the nodes are the same ones (compared by name, which costs less than hashing every name
        // each fleet minute); by name after the fleet was redefined.
        let sameNodes = lastNodes.names.count == s.nodes.count && s.nodes.indices.allSatisfy { s.nodes[$0].name == lastNodes.names[$0] }
        let byName = sameNodes ? [:] : Dictionary(zip(lastNodes.names, lastNodes.states), uniquingKeysWith: { _, b in b })
        for i in s.nodes.indices where s.nodes[i].state == .down {
            guard let before = sameNodes ? Optional(lastNodes.states[i]) : byName[s.nodes[i].name], before != .down else { continue }
            for scope in nodeScopes(s.nodes[i], s) { add(1, .nodeFailures, scope) }
        }
        if !sameNodes { lastNodes.names = s.nodes.map(\.name) }
        lastNodes.states = s.nodes.map(\.state)
    }

    private mutating func countGovernance(_ s: FleetState, _ inRange: (Double) -> Bool) {
        guard let requests = s.governance?.requests else { return }
        for sum in [RollupSum.requestsFiled, .requestsApproved, .requestsDenied, .requestsLapsed, .escalations, .overrideGPUHoursGranted] {
            add(0, sum, .fleet)
        }
        for r in requests {
            var scopes = [RollupScope.fleet, RollupScope(.team, r.team)]
            if let t = s.teamIndex(named: r.team), let d = department(of: s.org.teams[t], s) { scopes.append(RollupScope(.department, d)) }
            let escalations = r.notes.count { inRange($0.at) && $0.action.hasPrefix("escalat") }
            let decided = r.decidedAt.map(inRange) ?? false
            for scope in scopes {
                if inRange(r.filedAt) { add(1, .requestsFiled, scope) }
                if escalations > 0 { add(Double(escalations), .escalations, scope) }
                guard decided, let at = r.decidedAt else { continue }
                switch r.status {
                case .approved:
                    add(1, .requestsApproved, scope)
                    add(r.gpuHours, .overrideGPUHoursGranted, scope)
                    recordDecision(at - r.filedAt, scope)
                case .denied:
                    add(1, .requestsDenied, scope)
                    recordDecision(at - r.filedAt, scope)
                case .expired: add(1, .requestsLapsed, scope)
                case .pending, .needsInfo, .withdrawn: break
                }
            }
        }
    }

    private func gpuScopes(_ g: Int, _ s: FleetState) -> [RollupScope] {
        guard g >= 0, g < s.gpus.count else { return [.fleet] }
        let n = Int(s.gpus.node[g])
        return n >= 0 && n < s.nodes.count ? nodeScopes(s.nodes[n], s) : [.fleet]
    }

    private func nodeScopes(_ node: Node, _ s: FleetState) -> [RollupScope] {
        guard node.pool >= 0, node.pool < s.fleet.pools.count else { return [.fleet] }
        let pool = s.fleet.pools[node.pool]
        var scopes = [RollupScope.fleet, RollupScope(.pool, pool.name)]
        if pool.cluster >= 0, pool.cluster < s.fleet.clusters.count { scopes.append(RollupScope(.cluster, s.fleet.clusters[pool.cluster].name)) }
        return scopes
    }

    private mutating func recordWait(_ seconds: Double, _ scope: RollupScope) {
        guard let hour = openHour else { return }
        var h = rollups[scope]?.waits ?? LogHistogram()
        h.record(seconds)
        rollups[scope, default: KPIRollup(start: hour, resolution: .hour, scope: scope)].waits = h
    }

    private mutating func recordDecision(_ seconds: Double, _ scope: RollupScope) {
        guard let hour = openHour else { return }
        var h = rollups[scope]?.decisions ?? LogHistogram()
        h.record(seconds)
        rollups[scope, default: KPIRollup(start: hour, resolution: .hour, scope: scope)].decisions = h
    }
}

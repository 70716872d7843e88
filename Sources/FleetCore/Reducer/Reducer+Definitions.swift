extension FleetState {
    /// Replaces the fleet's shape. GPUs that keep their UUID keep their values, history and jobs.
    mutating func defineFleet(_ spec: FleetSpec) {
        fleet = spec
        // Nodes that stay keep what the scheduler said of them.
        let previous = Dictionary(nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        nodes = []
        var uuids: [String] = []
        var owners: [Int32] = []
        for (n, nodeSpec) in spec.nodes.enumerated() {
            nodes.append(Node(name: nodeSpec.name, pool: nodeSpec.pool, model: nodeSpec.model, zone: nodeSpec.zone,
                              firstGPU: uuids.count, gpuCount: nodeSpec.gpuCount, state: .up, reason: "", stateSince: now))
            if let old = previous[nodeSpec.name] {
                nodes[n].state = old.state
                nodes[n].reason = old.reason
                nodes[n].stateSince = old.stateSince
                nodes[n].schedulerAllocatedGPUs = old.schedulerAllocatedGPUs.map { min($0, nodeSpec.gpuCount) }
            }
            for g in 0..<nodeSpec.gpuCount {
                uuids.append(g < nodeSpec.gpuUUIDs.count ? nodeSpec.gpuUUIDs[g] : "\(nodeSpec.name)/gpu\(g)")
                owners.append(Int32(n))
            }
        }
        var oldByUUID: [String: Int] = [:]
        oldByUUID.reserveCapacity(gpus.count)
        for (g, u) in gpus.uuid.enumerated() { oldByUUID[u] = g }
        let oldIndex = uuids.map { oldByUUID[$0] ?? -1 }
        var newIndexOfOld = [Int32](repeating: -1, count: gpus.count)
        for (g, o) in oldIndex.enumerated() where o >= 0 { newIndexOfOld[o] = Int32(g) }
        gpus = GPUTable(uuids: uuids, nodes: owners, keeping: gpus, oldIndex: oldIndex)
        history = GPUHistory(gpuCount: uuids.count, keeping: history, oldIndex: oldIndex)
        recentXIDs = recentXIDs.compactMap { r in
            Int(r.gpu) < newIndexOfOld.count && newIndexOfOld[Int(r.gpu)] >= 0
                ? XIDRecord(gpu: newIndexOfOld[Int(r.gpu)], code: r.code, at: r.at) : nil
        }
        // Running jobs keep the GPUs that still exist in the new shape.
        for (slot, job) in jobSlots.enumerated() {
            guard var job, job.state == .running else { continue }
            job.gpuIndices = job.gpuIndices.compactMap { Int($0) < newIndexOfOld.count && newIndexOfOld[Int($0)] >= 0 ? newIndexOfOld[Int($0)] : nil }
            for g in job.gpuIndices { gpus.allocatedSlot[Int(g)] = Int32(slot) }
            jobSlots[slot] = job
        }
        gpuOwners = .count(gpus)
        recountTeamAllocations()
        repriceGPUs()
        teamHoldings = .count(self)
    }

    /// Allocated GPUs per team from the running jobs, after a redefinition took GPUs away from some of them.
    private mutating func recountTeamAllocations() {
        for t in teamUsage.indices { teamUsage[t].allocatedGPUs = 0 }
        for case let job? in jobSlots where job.state == .running && job.team >= 0 && Int(job.team) < teamUsage.count {
            teamUsage[Int(job.team)].allocatedGPUs += job.gpuIndices.count
        }
    }

    mutating func defineOrg(_ spec: OrgSpec) {
        let oldNames = org.teams.map(\.name)
        let oldUsage = teamUsage
        org = spec
        teamIndexByName = Dictionary(spec.teams.enumerated().map { ($0.element.name, Int32($0.offset)) },
                                     uniquingKeysWith: { first, _ in first })
        teamUsage = spec.teams.map { team in
            oldNames.firstIndex(of: team.name).map { oldUsage[$0] } ?? TeamUsage()
        }
        // A new team's costs are counted from now: its month to date says so when that is within the month.
        for i in teamUsage.indices where teamUsage[i].accruedUntil == 0 && now > 0 { accrue(team: i, to: now) }
        for slot in jobSlots.indices {
            guard let old = jobSlots[slot]?.team, old >= 0, Int(old) < oldNames.count else { continue }
            jobSlots[slot]?.team = teamIndexByName[oldNames[Int(old)]] ?? -1
        }
        teamHoldings = .count(self)
        runningCosts = .count(self)
    }

    mutating func definePolicy(_ spec: PolicySpec) {
        let oldNames = priorityClasses.map(\.name)
        let oldRecords = waitRecords
        policy = spec
        classIndexByName = Dictionary(spec.priorityClasses.enumerated().map { ($0.element.name, Int32($0.offset)) },
                                      uniquingKeysWith: { first, _ in first })
        waitRecords = spec.priorityClasses.map { pc in
            oldNames.firstIndex(of: pc.name).map { oldRecords[$0] } ?? []
        }
        for slot in jobSlots.indices {
            guard let old = jobSlots[slot]?.priorityClass, old >= 0, Int(old) < oldNames.count else { continue }
            jobSlots[slot]?.priorityClass = classIndexByName[oldNames[Int(old)]] ?? -1
        }
        jobColumns = .count(self)
        repriceGPUs()
    }

    /// Recomputes every GPU's price and every team's running cost rate from the price table.
    private mutating func repriceGPUs() {
        var table: [String: Double] = [:]
        for p in policy?.prices ?? [] {
            table["\(p.model)|\(p.purchase.rawValue)|\(p.region)"] = p.dollarsPerGPUHour
        }
        gpuPrice = Array(repeating: .nan, count: gpus.count)
        for node in nodes {
            guard node.pool < fleet.pools.count, node.model < fleet.models.count else { continue }
            let pool = fleet.pools[node.pool]
            let region = pool.cluster < fleet.clusters.count ? fleet.clusters[pool.cluster].region : ""
            let key = "\(fleet.models[node.model].name)|\(pool.purchase.rawValue)|\(region)"
            let price = table[key] ?? .nan
            for g in node.firstGPU..<(node.firstGPU + node.gpuCount) { gpuPrice[g] = price }
        }
        for i in teamUsage.indices {
            accrue(team: i, to: now)
            teamUsage[i].costPerHour = 0
        }
        for job in jobSlots {
            guard let job, job.state == .running, job.team >= 0, Int(job.team) < teamUsage.count else { continue }
            teamUsage[Int(job.team)].costPerHour += price(of: job.gpuIndices)
        }
        runningCosts = .count(self)
    }

    /// Summed $/h of the given GPUs; unpriced GPUs count as zero.
    func price(of indices: [Int32]) -> Double {
        var total = 0.0
        for g in indices where Int(g) < gpuPrice.count {
            let p = gpuPrice[Int(g)]
            if p.isFinite { total += p }
        }
        return total
    }
}

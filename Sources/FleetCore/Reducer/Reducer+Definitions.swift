extension FleetState {
    mutating func defineFleet(_ spec: FleetSpec) {
        fleet = spec
        nodes = []
        var uuids: [String] = []
        var owners: [Int32] = []
        for (n, nodeSpec) in spec.nodes.enumerated() {
            nodes.append(Node(name: nodeSpec.name, pool: nodeSpec.pool, model: nodeSpec.model, zone: nodeSpec.zone,
                              firstGPU: uuids.count, gpuCount: nodeSpec.gpuCount, state: .up, reason: "", stateSince: now))
            for g in 0..<nodeSpec.gpuCount {
                uuids.append(g < nodeSpec.gpuUUIDs.count ? nodeSpec.gpuUUIDs[g] : "\(nodeSpec.name)/gpu\(g)")
                owners.append(Int32(n))
            }
        }
        gpus.reset(uuids: uuids, nodes: owners)
        history = GPUHistory(gpuCount: uuids.count)
        // Running jobs keep the GPUs that still exist in the new shape.
        for (slot, job) in jobSlots.enumerated() {
            guard var job, job.state == .running else { continue }
            job.gpuIndices = job.gpuIndices.filter { Int($0) < gpus.count }
            for g in job.gpuIndices { gpus.allocatedSlot[Int(g)] = Int32(slot) }
            jobSlots[slot] = job
        }
        repriceGPUs()
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
        for slot in jobSlots.indices {
            guard let old = jobSlots[slot]?.team, old >= 0, Int(old) < oldNames.count else { continue }
            jobSlots[slot]?.team = teamIndexByName[oldNames[Int(old)]] ?? -1
        }
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

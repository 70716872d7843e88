/// What an inference service costs per request: the $/h of the GPUs its replicas hold over its request rate.
public struct CostPerInference: Sendable, Hashable {
    public var service: String
    public var gpus: Int
    public var costPerHour: Double
    public var requestsPerSecond: Double?
    /// Dollars per 1,000 requests; nil without a rate or when it served none.
    public var costPerThousand: Double? {
        guard let rps = requestsPerSecond, rps > 0 else { return nil }
        return costPerHour / (rps * 3600) * 1000
    }

    /// Every known service, costliest per request first: from the GPUs of its owners (the reducer's owner index and
    /// the owners' jobs), else one pass over the GPUs.
    public static func derive(_ s: FleetState) -> [CostPerInference] {
        guard let services = s.inference, !services.isEmpty else { return [] }
        // Services in the dictionary's order (sorting thousands of names cost more than the rest); an owner two
        // services name goes to the greater name, whatever the order.
        var names: [String] = [], rates: [Double?] = []
        names.reserveCapacity(services.count)
        rates.reserveCapacity(services.count)
        var serviceOf: [String: Int] = [:]
        serviceOf.reserveCapacity(services.count)
        for (name, service) in services {
            for owner in service.owners {
                if let other = serviceOf[owner], names[other] > name { continue }
                serviceOf[owner] = names.count
            }
            names.append(name)
            rates.append(service.requestsPerSecond)
        }
        var gpus = [Int](repeating: 0, count: names.count), cost = [Double](repeating: 0, count: names.count)
        func add(_ g: Int, to i: Int) {
            gpus[i] += 1
            if g < s.gpuPrice.count, s.gpuPrice[g].isFinite { cost[i] += s.gpuPrice[g] }
        }
        // An owner named "" would claim every GPU without a telemetry owner: only the pass finds those.
        if let index = s.gpuOwners, serviceOf[""] == nil {
            for (owner, i) in serviceOf {
                for g in index.gpus[owner] ?? [] where Int(g) < s.gpus.count { add(Int(g), to: i) }
                // A job's GPUs count for its service unless a telemetry owner of another service claims them.
                guard let slot = s.jobSlotByID[owner], let held = s.jobSlots[Int(slot)]?.gpuIndices else { continue }
                for g in held where Int(g) < s.gpus.count && s.gpus.allocatedSlot[Int(g)] == slot
                    && (s.gpus.owner[Int(g)].isEmpty || serviceOf[s.gpus.owner[Int(g)]] == nil) {
                    add(Int(g), to: i)
                }
            }
        } else {
            addByPass(s, serviceOf: serviceOf, add)
        }
        // Each service's cost per request worked out once, not on every comparison of the sort.
        let list = names.indices.map { i in
            CostPerInference(service: names[i], gpus: gpus[i], costPerHour: cost[i], requestsPerSecond: rates[i])
        }
        let perThousand: [Double] = list.map { $0.costPerThousand ?? -1 }
        let order = list.indices.sorted { (a: Int, b: Int) -> Bool in
            if perThousand[a] != perThousand[b] { return perThousand[a] > perThousand[b] }
            return names[a] > names[b]
        }
        return order.map { list[$0] }
    }

    /// Adds each GPU to the service of its telemetry owner, else of its job, in one pass over the GPUs.
    private static func addByPass(_ s: FleetState, serviceOf: [String: Int], _ add: (Int, Int) -> Void) {
        // Owners that are job ids, by job slot: a GPU's job is then found without hashing its id per GPU.
        var serviceOfSlot = [Int](repeating: -1, count: s.jobSlots.count)
        for (owner, i) in serviceOf {
            if let slot = s.jobSlotByID[owner], Int(slot) < serviceOfSlot.count { serviceOfSlot[Int(slot)] = i }
        }
        let ofNoOwner = serviceOf[""]  // most GPUs have no telemetry owner: their empty name is looked up once
        // A pod's GPUs sit side by side: an owner is looked up once per run of GPUs, not hashed per GPU.
        var lastOwner = "", ofLastOwner = ofNoOwner
        for g in 0..<s.gpus.count {
            let slot = Int(s.gpus.allocatedSlot[g])
            if !s.gpus.owner[g].isEmpty, s.gpus.owner[g] != lastOwner {
                lastOwner = s.gpus.owner[g]
                ofLastOwner = serviceOf[lastOwner]
            }
            let byOwner = s.gpus.owner[g].isEmpty ? ofNoOwner : ofLastOwner
            guard let i = byOwner ?? (slot >= 0 && slot < serviceOfSlot.count && serviceOfSlot[slot] >= 0 ? serviceOfSlot[slot] : nil)
            else { continue }
            add(g, i)
        }
    }
}

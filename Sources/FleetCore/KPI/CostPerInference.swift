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

    /// Every known service, costliest per request first; one pass over the GPUs.
    public static func derive(_ s: FleetState) -> [CostPerInference] {
        guard let services = s.inference, !services.isEmpty else { return [] }
        let names = services.keys.sorted()
        var serviceOf: [String: Int] = [:]
        for (i, name) in names.enumerated() { for owner in services[name]?.owners ?? [] { serviceOf[owner] = i } }
        // Owners that are job ids, by job slot: a GPU's job is then found without hashing its id per GPU.
        var serviceOfSlot = [Int](repeating: -1, count: s.jobSlots.count)
        for (owner, i) in serviceOf {
            if let slot = s.jobSlotByID[owner], Int(slot) < serviceOfSlot.count { serviceOfSlot[Int(slot)] = i }
        }
        var gpus = [Int](repeating: 0, count: names.count), cost = [Double](repeating: 0, count: names.count)
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
            gpus[i] += 1
            if g < s.gpuPrice.count, s.gpuPrice[g].isFinite { cost[i] += s.gpuPrice[g] }
        }
        return names.enumerated().map { i, name in
            CostPerInference(service: name, gpus: gpus[i], costPerHour: cost[i], requestsPerSecond: services[name]?.requestsPerSecond)
        }.sorted { ($0.costPerThousand ?? -1, $0.service) > ($1.costPerThousand ?? -1, $1.service) }
    }
}

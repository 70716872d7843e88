/// Per-GPU live values as parallel arrays (struct of arrays keeps 100,000 GPUs cache-friendly).
public struct GPUTable: Codable, Sendable {
    public internal(set) var uuid: [String] = []
    public internal(set) var node: [Int32] = []
    /// Slot of the job holding the GPU, or -1.
    public internal(set) var allocatedSlot: [Int32] = []
    /// Who uses the GPU according to telemetry labels ("namespace/pod", "job 123"); empty when none.
    public internal(set) var owner: [String] = []
    /// Latest utilisation in percent; NaN until the first sample.
    public internal(set) var utilPercent: [Float] = []
    public internal(set) var memoryUsedMiB: [Float] = []
    public internal(set) var powerWatts: [Float] = []
    public internal(set) var temperatureC: [Float] = []
    public internal(set) var smClockMHz: [Float] = []
    public internal(set) var memoryClockMHz: [Float] = []
    /// Fleet time of the latest sample; 0 when none.
    public internal(set) var sampledAt: [Double] = []
    /// Since when an allocated GPU has stayed under the idle threshold; NaN when it is not idle.
    public internal(set) var idleSince: [Double] = []
    /// Overall health: the worse of what XIDs and the reported conditions imply.
    public internal(set) var health: [GPUHealth] = []
    /// Health implied by XIDs since the node was last repaired.
    public internal(set) var xidHealth: [GPUHealth] = []
    /// Conditions in the latest sample (throttling, row remaps, ECC).
    public internal(set) var conditions: [GPUConditionFlags] = []
    /// Latest XID code, 0 when none.
    public internal(set) var lastXID: [Int16] = []
    public internal(set) var lastXIDAt: [Double] = []
    /// MIG instances of the GPUs that have MIG enabled.
    public internal(set) var migInstances: [Int32: [MIGInstance]] = [:]

    /// Number of GPUs.
    public var count: Int { uuid.count }

    /// Whether a job (scheduler) or a pod/HPC job (telemetry labels) holds the GPU.
    public func isAllocated(_ g: Int) -> Bool { allocatedSlot[g] >= 0 || !owner[g].isEmpty }

    /// A table for these GPUs, carrying over the values of GPUs that were in `old` (matched by UUID).
    init(uuids: [String], nodes: [Int32], keeping old: GPUTable, oldIndex: [Int]) {
        let n = uuids.count
        uuid = uuids
        node = nodes
        func carry<T>(_ column: [T], _ empty: T) -> [T] {
            (0..<n).map { oldIndex[$0] >= 0 ? column[oldIndex[$0]] : empty }
        }
        allocatedSlot = Array(repeating: -1, count: n)
        owner = carry(old.owner, "")
        utilPercent = carry(old.utilPercent, .nan)
        memoryUsedMiB = carry(old.memoryUsedMiB, .nan)
        powerWatts = carry(old.powerWatts, .nan)
        temperatureC = carry(old.temperatureC, .nan)
        smClockMHz = carry(old.smClockMHz, .nan)
        memoryClockMHz = carry(old.memoryClockMHz, .nan)
        sampledAt = carry(old.sampledAt, 0)
        idleSince = carry(old.idleSince, .nan)
        health = carry(old.health, .healthy)
        xidHealth = carry(old.xidHealth, .healthy)
        conditions = carry(old.conditions, [])
        lastXID = carry(old.lastXID, 0)
        lastXIDAt = carry(old.lastXIDAt, 0)
        for (g, o) in oldIndex.enumerated() where o >= 0 {
            if let instances = old.migInstances[Int32(o)] { migInstances[Int32(g)] = instances }
        }
    }

    /// An empty table.
    public init() {}
}

/// One MIG GPU instance as last reported.
public struct MIGInstance: Codable, Sendable, Hashable {
    public var profile: String
    public var instanceID: Int
    public var owner: String
    public var utilPercent: Float
    public var memoryUsedMiB: Float
    public var memoryTotalMiB: Float
    public init(profile: String, instanceID: Int, owner: String, utilPercent: Float, memoryUsedMiB: Float,
                memoryTotalMiB: Float) {
        self.profile = profile
        self.instanceID = instanceID
        self.owner = owner
        self.utilPercent = utilPercent
        self.memoryUsedMiB = memoryUsedMiB
        self.memoryTotalMiB = memoryTotalMiB
    }
}

/// An XID error as it arrived, kept in the fleet's recent-XID log.
public struct XIDRecord: Codable, Sendable, Hashable {
    public var gpu: Int32
    public var code: Int
    public var at: Double
}

/// A change of who uses a GPU, from telemetry labels.
public struct GPUOwnerUpdate: Codable, Sendable, Hashable {
    public var gpu: Int32
    /// "namespace/pod", "job 123", or empty when the GPU was released.
    public var owner: String
    public init(gpu: Int32, owner: String) {
        self.gpu = gpu
        self.owner = owner
    }
}

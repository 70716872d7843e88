/// Per-GPU live values as parallel arrays (struct of arrays keeps 100,000 GPUs cache-friendly).
public struct GPUTable: Codable, Sendable {
    public internal(set) var uuid: [String] = []
    public internal(set) var node: [Int32] = []
    /// Slot of the job holding the GPU, or -1.
    public internal(set) var allocatedSlot: [Int32] = []
    /// Latest utilisation in percent; NaN until the first sample.
    public internal(set) var utilPercent: [Float] = []
    public internal(set) var memoryUsedMiB: [Float] = []
    public internal(set) var powerWatts: [Float] = []
    public internal(set) var temperatureC: [Float] = []
    /// Fleet time of the latest sample; 0 when none.
    public internal(set) var sampledAt: [Double] = []
    /// Since when an allocated GPU has stayed under the idle threshold; NaN when it is not idle.
    public internal(set) var idleSince: [Double] = []
    public internal(set) var health: [GPUHealth] = []
    /// Latest XID code, 0 when none.
    public internal(set) var lastXID: [Int16] = []
    public internal(set) var lastXIDAt: [Double] = []

    /// Number of GPUs.
    public var count: Int { uuid.count }

    mutating func reset(uuids: [String], nodes: [Int32]) {
        let n = uuids.count
        uuid = uuids
        node = nodes
        allocatedSlot = Array(repeating: -1, count: n)
        utilPercent = Array(repeating: .nan, count: n)
        memoryUsedMiB = Array(repeating: .nan, count: n)
        powerWatts = Array(repeating: .nan, count: n)
        temperatureC = Array(repeating: .nan, count: n)
        sampledAt = Array(repeating: 0, count: n)
        idleSince = Array(repeating: .nan, count: n)
        health = Array(repeating: .healthy, count: n)
        lastXID = Array(repeating: 0, count: n)
        lastXIDAt = Array(repeating: 0, count: n)
    }
}

/// The last hour of per-GPU telemetry in compact rings (one byte or two per value).
///
/// 100,000 GPUs × 120 samples × 5 bytes is 60 MB, which keeps an hour of history inside the memory budget.
public struct GPUHistory: Codable, Sendable {
    /// Samples kept per GPU (one hour at the DCGM default interval of 30 s).
    public static let depth = 120
    public private(set) var utilPercent: [UInt8]
    /// Memory used as a percentage of the model's memory.
    public private(set) var memoryPercent: [UInt8]
    public private(set) var powerWatts: [UInt16]
    public private(set) var temperatureC: [UInt8]
    /// Index of the newest sample per GPU.
    private var head: [UInt8]
    private var filled: [UInt8]

    /// Empty rings for `gpuCount` GPUs.
    public init(gpuCount: Int) {
        let n = gpuCount * Self.depth
        utilPercent = Array(repeating: 0, count: n)
        memoryPercent = Array(repeating: 0, count: n)
        powerWatts = Array(repeating: 0, count: n)
        temperatureC = Array(repeating: 0, count: n)
        head = Array(repeating: 0, count: gpuCount)
        filled = Array(repeating: 0, count: gpuCount)
    }

    /// Rings for `gpuCount` GPUs, carrying over the samples of GPUs that were in `old` at `oldIndex[g]` (or -1).
    init(gpuCount: Int, keeping old: GPUHistory, oldIndex: [Int]) {
        self.init(gpuCount: gpuCount)
        let d = Self.depth
        for (g, o) in oldIndex.enumerated() where o >= 0 && o < old.head.count {
            utilPercent.replaceSubrange(g * d..<(g + 1) * d, with: old.utilPercent[o * d..<(o + 1) * d])
            memoryPercent.replaceSubrange(g * d..<(g + 1) * d, with: old.memoryPercent[o * d..<(o + 1) * d])
            powerWatts.replaceSubrange(g * d..<(g + 1) * d, with: old.powerWatts[o * d..<(o + 1) * d])
            temperatureC.replaceSubrange(g * d..<(g + 1) * d, with: old.temperatureC[o * d..<(o + 1) * d])
            head[g] = old.head[o]
            filled[g] = old.filled[o]
        }
    }

    mutating func record(gpu: Int, util: Float, memoryPercent mem: Float, power: Float, temperature: Float) {
        let next = (Int(head[gpu]) + 1) % Self.depth
        head[gpu] = UInt8(next)
        if filled[gpu] < UInt8(Self.depth) { filled[gpu] += 1 }
        let i = gpu * Self.depth + next
        utilPercent[i] = Self.byte(util)
        memoryPercent[i] = Self.byte(mem)
        powerWatts[i] = power.isFinite ? UInt16(min(max(power, 0), 65_535)) : 0
        temperatureC[i] = Self.byte(temperature)
    }

    /// Utilisation samples of one GPU, oldest first.
    public func utilization(gpu: Int) -> [Double] { series(gpu) { Double(utilPercent[$0]) } }

    /// Memory-used percentages of one GPU, oldest first.
    public func memory(gpu: Int) -> [Double] { series(gpu) { Double(memoryPercent[$0]) } }

    /// Power samples of one GPU, oldest first.
    public func power(gpu: Int) -> [Double] { series(gpu) { Double(powerWatts[$0]) } }

    /// Temperature samples of one GPU, oldest first.
    public func temperature(gpu: Int) -> [Double] { series(gpu) { Double(temperatureC[$0]) } }

    private func series(_ gpu: Int, _ value: (Int) -> Double) -> [Double] {
        guard gpu >= 0, gpu < head.count else { return [] }
        let count = Int(filled[gpu])
        let newest = Int(head[gpu])
        return (0..<count).map { k in
            let slot = (newest - count + 1 + k + Self.depth) % Self.depth
            return value(gpu * Self.depth + slot)
        }
    }

    private static func byte(_ v: Float) -> UInt8 {
        v.isFinite ? UInt8(min(max(v.rounded(), 0), 255)) : 0
    }
}

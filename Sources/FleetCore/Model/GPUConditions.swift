/// Health signals a GPU reports besides XIDs, as a bit set (one byte per GPU in the table).
public struct GPUConditionFlags: OptionSet, Codable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Clocks held down by hardware or software thermal slowdown.
    public static let thermalThrottle = GPUConditionFlags(rawValue: 1 << 0)
    /// Clocks held down by a hardware power brake.
    public static let powerBrake = GPUConditionFlags(rawValue: 1 << 1)
    /// A memory row remap pending a GPU reset.
    public static let rowRemapPending = GPUConditionFlags(rawValue: 1 << 2)
    /// A row remap failed: the memory can no longer heal itself.
    public static let rowRemapFailure = GPUConditionFlags(rawValue: 1 << 3)
    /// Rows remapped because of uncorrectable errors.
    public static let uncorrectableRemappedRows = GPUConditionFlags(rawValue: 1 << 4)
    /// Uncorrectable (double-bit) ECC errors since the last driver load.
    public static let uncorrectableECC = GPUConditionFlags(rawValue: 1 << 5)

    /// The health these conditions imply on their own.
    public var health: GPUHealth {
        if contains(.rowRemapFailure) { return .failing }
        if !isDisjoint(with: [.thermalThrottle, .powerBrake, .rowRemapPending, .uncorrectableRemappedRows,
                              .uncorrectableECC]) { return .degraded }
        return .healthy
    }

    /// Short words for each condition set, for tables and details.
    public var descriptions: [String] {
        var out: [String] = []
        if contains(.rowRemapFailure) { out.append("row remap failed") }
        if contains(.rowRemapPending) { out.append("row remap pending") }
        if contains(.uncorrectableRemappedRows) { out.append("uncorrectable rows remapped") }
        if contains(.uncorrectableECC) { out.append("uncorrectable ECC") }
        if contains(.thermalThrottle) { out.append("thermal throttling") }
        if contains(.powerBrake) { out.append("power brake") }
        return out
    }
}

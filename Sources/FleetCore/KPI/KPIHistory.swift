/// One minute's overview KPIs; nil where the data was missing.
public struct KPISample: Codable, Sendable, Hashable {
    public var minute: Int
    public var capacity: Double
    public var allocation: Double?
    public var busy: Double?
    public var effectiveUtilization: Double?
    public var pendingJobs: Double
    public var pendingGPUs: Double
    public var oldestPendingWait: Double?
    public var idleAllocated: Double?
    public var costPerHour: Double?
    public var idleCostPerHour: Double?
    public var openAlerts: Double
}

/// The last hour of per-minute KPI samples, for sparklines.
public struct KPIHistory: Codable, Sendable, Hashable {
    /// Samples kept: one hour plus the current minute.
    public static let depth = 61
    public private(set) var samples: [KPISample] = []

    /// Adds a sample, replacing one for the same minute and dropping those older than an hour.
    mutating func record(_ sample: KPISample) {
        if let last = samples.last, last.minute == sample.minute {
            samples[samples.count - 1] = sample
        } else {
            samples.append(sample)
        }
        let oldest = sample.minute - (Self.depth - 1)
        if let cut = samples.firstIndex(where: { $0.minute >= oldest }), cut > 0 {
            samples.removeFirst(cut)
        }
    }

    /// Values of one KPI over the last hour, one per minute (nil for minutes without a sample), oldest first.
    public func series(endingAt minute: Int, _ value: (KPISample) -> Double?) -> [Double?] {
        var out = [Double?](repeating: nil, count: Self.depth)
        for s in samples {
            let slot = s.minute - (minute - Self.depth + 1)
            if slot >= 0, slot < Self.depth { out[slot] = value(s) }
        }
        return out
    }
}

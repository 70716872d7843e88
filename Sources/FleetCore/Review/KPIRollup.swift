/// What a rollup is about: the whole fleet, or one cluster, pool, team, department or priority class.
public enum RollupScopeKind: String, Codable, Sendable, CaseIterable, Comparable {
    case fleet, cluster, pool, team, department
    case priorityClass = "class"

    public static func < (a: Self, b: Self) -> Bool { a.order < b.order }
    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// One subject of a rollup: its kind and name ("fleet" for the fleet).
public struct RollupScope: Codable, Sendable, Hashable, Comparable {
    public var kind: RollupScopeKind
    public var name: String
    /// A scope of `kind` named `name`.
    public init(_ kind: RollupScopeKind, _ name: String) {
        self.kind = kind
        self.name = name
    }
    /// The fleet as a whole.
    public static let fleet = RollupScope(.fleet, "fleet")
    public static func < (a: Self, b: Self) -> Bool { (a.kind, a.name) < (b.kind, b.name) }
}

/// How long a rollup's period is.
public enum RollupResolution: Int, Codable, Sendable, CaseIterable {
    case hour = 3600
    case day = 86_400
    /// Seconds in one period.
    public var seconds: Int { rawValue }
}

/// The additive amounts a rollup keeps; every reported number (`KPIMetric`) is a sum, ratio, mean or percentile of
/// these, so rollups of any length fold by adding.
public enum RollupSum: Int, Codable, Sendable, CaseIterable {
    /// Hours of the period the writer sampled (the denominator of means).
    case coveredHours
    case totalGPUHours, allocatedGPUHours, downGPUHours, plannedDownGPUHours, idleGPUHours, reservedGPUHours
    /// GPU-hours of healthy GPUs on nodes that are up (capacity).
    case capacityGPUHours
    /// Allocated GPU-hours with current telemetry, and Σ utilisation over them.
    case sampledAllocatedGPUHours, activeGPUHours
    /// Capacity GPU-hours with current telemetry, and Σ utilisation over them.
    case sampledCapacityGPUHours, capacityUtilGPUHours
    /// Pending jobs × hours and pending GPUs × hours.
    case pendingJobHours, pendingGPUHours
    case costDollars, idleAllocatedGPUHours, idleAllocatedDollars, unallocatedDollars, borrowedGPUHours
    case jobsStarted, jobsStartedWithinSLA, preemptions, nodeFailures, xids
    case requestsFiled, requestsApproved, requestsDenied, requestsLapsed, escalations, overrideGPUHoursGranted
}

/// One period's KPI history of one scope: additive sums (NaN where no source says) and two histograms.
public struct KPIRollup: Codable, Sendable, Hashable {
    public var start: Int
    public var resolution: RollupResolution
    public var scope: RollupScope
    /// Indexed by `RollupSum.rawValue`; NaN = nothing measured it.
    public private(set) var sums: [Double]
    /// Queue waits of jobs started in the period (seconds).
    public var waits: LogHistogram?
    /// Time from filing to a decision (approve or deny) of requests decided in the period (seconds).
    public var decisions: LogHistogram?

    /// An empty rollup: nothing measured.
    public init(start: Int, resolution: RollupResolution, scope: RollupScope) {
        self.start = start
        self.resolution = resolution
        self.scope = scope
        sums = Array(repeating: .nan, count: RollupSum.allCases.count)
    }

    /// The sum; nil when nothing measured it.
    public subscript(sum: RollupSum) -> Double? {
        let v = sum.rawValue < sums.count ? sums[sum.rawValue] : .nan
        return v.isNaN ? nil : v
    }

    /// Adds `amount` to a sum (measured from now on, even when 0).
    public mutating func add(_ amount: Double, to sum: RollupSum) {
        guard sum.rawValue < sums.count else { return }
        let v = sums[sum.rawValue]
        sums[sum.rawValue] = v.isNaN ? amount : v + amount
    }

    /// Sets a sum (nil: not measured).
    public mutating func set(_ value: Double?, _ sum: RollupSum) {
        guard sum.rawValue < sums.count else { return }
        sums[sum.rawValue] = value ?? .nan
    }

    /// Adds another rollup's sums and histograms (a sum measured in either is measured in the result).
    public mutating func absorb(_ other: KPIRollup) {
        for s in RollupSum.allCases { if let v = other[s] { add(v, to: s) } }
        if let w = other.waits { waits = (waits ?? LogHistogram()).merged(w) }
        if let d = other.decisions { decisions = (decisions ?? LogHistogram()).merged(d) }
    }
}

extension KPIRollup {
    /// Equal when every sum is (unmeasured sums are NaN, equal to each other here) and the histograms are.
    public static func == (a: KPIRollup, b: KPIRollup) -> Bool {
        a.start == b.start && a.resolution == b.resolution && a.scope == b.scope && a.waits == b.waits && a.decisions == b.decisions
            && a.sums.elementsEqual(b.sums) { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(start)
        hasher.combine(scope)
        for v in sums { hasher.combine(v.isNaN ? Double.nan.bitPattern : v.bitPattern) }
    }

    /// Folds rollups into one per scope for the period starting at `start`: how days come from hours and a report's
    /// period from either.
    public static func fold(_ rollups: [KPIRollup], start: Int, resolution: RollupResolution) -> [RollupScope: KPIRollup] {
        var out: [RollupScope: KPIRollup] = [:]
        for r in rollups {
            out[r.scope, default: KPIRollup(start: start, resolution: resolution, scope: r.scope)].absorb(r)
        }
        return out
    }

    /// Daily rollups from hourly ones, one per UTC day and scope, ordered by day then scope.
    public static func days(from hours: [KPIRollup]) -> [KPIRollup] {
        let byDay = Dictionary(grouping: hours) { $0.start - (($0.start % 86_400) + 86_400) % 86_400 }
        return byDay.keys.sorted().flatMap { day in
            fold(byDay[day] ?? [], start: day, resolution: .day).values.sorted { $0.scope < $1.scope }
        }
    }
}

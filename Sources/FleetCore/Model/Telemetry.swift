/// One scrape of per-GPU telemetry: parallel arrays indexed like `gpus`.
///
/// Parallel arrays rather than an array of structs keep a 100,000-GPU batch compact in memory and on disk.
public struct TelemetryBatch: Codable, Sendable, Hashable {
    public var at: Double
    /// GPU table indices the samples belong to.
    public var gpus: [Int32]
    /// Utilisation in percent (0–100).
    public var utilPercent: [Float]
    public var memoryUsedMiB: [Float]
    public var powerWatts: [Float]
    public var temperatureC: [Float]
    /// Clocks in MHz; empty when the source reports none.
    public var smClockMHz: [Float]
    public var memoryClockMHz: [Float]
    /// `GPUConditionFlags` raw values; empty when the source reports none.
    public var conditions: [UInt8]
    public init(at: Double, gpus: [Int32], utilPercent: [Float], memoryUsedMiB: [Float], powerWatts: [Float],
                temperatureC: [Float], smClockMHz: [Float] = [], memoryClockMHz: [Float] = [], conditions: [UInt8] = []) {
        self.at = at
        self.gpus = gpus
        self.utilPercent = utilPercent
        self.memoryUsedMiB = memoryUsedMiB
        self.powerWatts = powerWatts
        self.temperatureC = temperatureC
        self.smClockMHz = smClockMHz
        self.memoryClockMHz = memoryClockMHz
        self.conditions = conditions
    }
}

/// A GPU's health as judged from XIDs and node state.
public enum GPUHealth: UInt8, Codable, Sendable, Comparable {
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    case healthy, degraded, failing
}

/// Freshness report from a feed: every successful or failed update.
public struct FeedStatus: Codable, Sendable, Hashable {
    public var name: String
    /// What kind of source this is (simulator, dcgm, slurm, …).
    public var kind: FeedKind
    /// Wall-clock time of this report.
    public var at: Double
    /// Expected seconds between updates; stale past three of them.
    public var intervalSeconds: Double
    public var ok: Bool
    public var error: String?
    /// Bad lines or values skipped in an otherwise good update, and the first of them with its location.
    public var problems: Int?
    public var firstProblem: String?
    /// The update carried a complete job list (so the jobs it lists are all that hold GPUs).
    public var reportsJobs: Bool?
    /// For a saved document, the time it describes (its `last_update` or newest timestamp); nil for live sources.
    public var asOf: Double?
    public init(name: String, kind: String, at: Double, intervalSeconds: Double, ok: Bool, error: String? = nil,
                problems: Int? = nil, firstProblem: String? = nil, reportsJobs: Bool? = nil, asOf: Double? = nil) {
        self.reportsJobs = reportsJobs
        self.asOf = asOf
        self.name = name
        self.kind = FeedKind(rawValue: kind)
        self.at = at
        self.intervalSeconds = intervalSeconds
        self.ok = ok
        self.error = error
        self.problems = problems
        self.firstProblem = firstProblem
    }
}

/// A feed's record in the state: last good update, errors.
public struct FeedRecord: Codable, Sendable, Hashable {
    public var name: String
    public var kind: FeedKind
    public var intervalSeconds: Double
    public var lastGoodAt: Double?
    public var lastErrorAt: Double?
    public var lastError: String?
    public var errorCount: Int
    /// Bad lines or values skipped across all updates, and the latest such problem.
    public var problemCount = 0
    public var lastProblem: String?
    /// Whether the feed has reported a complete job list.
    public var reportsJobs: Bool?
    /// For a saved document, the time its last good read described.
    public var asOf: Double?

    /// Seconds since the last good update, or nil if there never was one.
    public func age(now: Double) -> Double? { lastGoodAt.map { max(0, now - $0) } }

    /// Stale past three intervals without a good update (or never updated).
    public func isStale(now: Double) -> Bool {
        guard let age = age(now: now) else { return true }
        return age > 3 * intervalSeconds
    }
}

import FleetStore

/// How far a writer's warm-up of a new store has got, published in the store's `meta` (a row of its own, no schema
/// change, the same on SQLite and PostgreSQL) so that a follower — a second dashboard, one following `collect` — says
/// which fleet minute the writer is at instead of a bare wait until the first snapshot is stored.
public struct WarmUpBeacon: Sendable, Hashable {
    /// The `meta` key it is stored under; an empty value means no warm-up runs.
    public static let metaKey = "warm_up_progress"
    /// A beacon older than this (wall seconds) is from a writer that stopped: its minute is not shown.
    public static let freshSeconds = 10.0
    /// The most warm-up minutes a beacon may claim (a year of fleet time).
    static let maxMinutes = 366 * 24 * 60

    /// Fleet minutes fast-forwarded.
    public var minutesDone: Int
    /// Fleet minutes the warm-up runs in all.
    public var warmupMinutes: Int
    /// Wall time the writer published it (seconds since 1970).
    public var publishedAt: Double

    /// A beacon of `minutesDone` of `warmupMinutes`, published at `publishedAt`.
    public init(minutesDone: Int, warmupMinutes: Int, publishedAt: Double) {
        self.minutesDone = minutesDone
        self.warmupMinutes = warmupMinutes
        self.publishedAt = publishedAt
    }

    /// Its stored text: "minutesDone warmupMinutes publishedAt".
    public var text: String { "\(minutesDone) \(warmupMinutes) \(publishedAt)" }

    /// Reads a stored text; nil for an empty, damaged or out-of-range one (another process wrote this row).
    public init?(text: String) {
        guard text.utf8.count <= 64 else { return nil }
        let fields = text.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 3, let done = Int(fields[0]), let minutes = Int(fields[1]), let at = Double(fields[2]),
              (1...Self.maxMinutes).contains(minutes), (0...minutes).contains(done), at.isFinite, at > 0 else { return nil }
        self.init(minutesDone: done, warmupMinutes: minutes, publishedAt: at)
    }

    /// Whether it was published within `freshSeconds` of `now` (either way: two machines' clocks differ a little).
    public func isFresh(now: Double) -> Bool { abs(now - publishedAt) <= Self.freshSeconds }

    /// The beacon `store` holds, if a warm-up published one and it is fresh at `now`.
    public static func read(from store: any EventStoring, now: Double) throws -> WarmUpBeacon? {
        try store.meta(metaKey).flatMap(WarmUpBeacon.init(text:)).flatMap { $0.isFresh(now: now) ? $0 : nil }
    }
}

import FleetCore

/// What a review pack is derived from besides its targets: the period, the period it is compared with, and the hour
/// its rollups are read up to, for as long as later hours may still change them.
public struct ReviewPackKey: Sendable, Hashable {
    public let period: ReviewPeriod
    public let compare: ReviewPeriod?
    /// Rollups count up to this moment (epoch seconds, the start of an hour): the "as of" hour, except that once both
    /// periods ended more than an hour before it, it stays one hour past their end. A closed period's pack thus keeps
    /// its key as the fleet clock moves on, while a live period's key moves with every hour that closes; the hour of
    /// grace lets the last hour's rollup, stored as it closes, be read again once.
    public let asOf: Int

    /// The key of `period` compared with `compare`, as of `asOf` (epoch seconds; hours closed by then count).
    public init(period: ReviewPeriod, compare: ReviewPeriod?, asOf: Int) {
        self.period = period
        self.compare = compare
        let hour = RollupResolution.hour.seconds
        let closed = asOf / hour * hour, settled = max(period.end, compare?.end ?? period.end) + hour
        self.asOf = min(closed, settled)
    }
}

/// The review packs loaded last, at most `capacity` of them (bounded: the least recently used goes first), each
/// with the targets it was judged against: a pack is found only for its key and equal targets.
public struct ReviewPackCache: Sendable {
    private struct Entry: Sendable {
        var key: ReviewPackKey
        var targets: ReviewTargets
        var pack: ReviewPack
    }

    public let capacity: Int
    /// Least recently used first.
    private var entries: [Entry] = []

    /// An empty cache that keeps at most `capacity` packs (at least one).
    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// How many packs it holds.
    public var count: Int { entries.count }

    /// The pack of `key` judged against `targets`, now the most recently used; nil when it holds none.
    public mutating func pack(_ key: ReviewPackKey, targets: ReviewTargets) -> ReviewPack? {
        guard let i = entries.firstIndex(where: { $0.key == key && $0.targets == targets }) else { return nil }
        let entry = entries.remove(at: i)
        entries.append(entry)
        return entry.pack
    }

    /// Whether it holds the pack of `key` judged against `targets` (not counted as a use).
    public func contains(_ key: ReviewPackKey, targets: ReviewTargets) -> Bool {
        entries.contains { $0.key == key && $0.targets == targets }
    }

    /// Keeps `pack` as the most recently used, replacing one of the same key and dropping the least recently used
    /// beyond `capacity`.
    public mutating func insert(_ pack: ReviewPack, for key: ReviewPackKey, targets: ReviewTargets) {
        entries.removeAll { $0.key == key }
        entries.append(Entry(key: key, targets: targets, pack: pack))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }
}

import FleetCore
import FleetStore

/// The rows KPI history is filed under in the store (the `resolution` key of `EventStoring`'s rollups). Hours are
/// two series, so that teams' and departments' hours (nine tenths of the bytes at 500 teams) can be kept for weeks
/// while the fleet's are kept for months; reviews of older periods read the daily rows, which hold every scope, and
/// the monthly ones, which hold a month of every scope in one row (a month's review decodes 2 rows, not 31).
public enum RollupSeries: Int, CaseIterable, Sendable {
    /// The latest `ReviewContext`, one row at start 0.
    case context = 0
    /// Fleet, cluster, pool and class hours (and every scope's, in rows written before teams had their own series).
    case hours = 3600
    /// Team and department hours.
    case orgHours = 3601
    /// Every scope's days.
    case days = 86_400
    /// Every scope's months (the key is a name: months are not 30 days): each scope but the fleet folded over the
    /// month, and the fleet's days, which the trend and the forecast read; folded, they give the month's days' sums.
    case months = 2_592_000

    /// The store key.
    public var key: Int { rawValue }

    /// The hourly series a scope's hours are filed under.
    public static func hours(of scope: RollupScopeKind) -> RollupSeries {
        switch scope {
        case .team, .department: .orgHours
        case .fleet, .cluster, .pool, .priorityClass: .hours
        }
    }
}

/// How long the store keeps KPI history.
public struct KPIRetention: Sendable, Hashable {
    /// Fleet, cluster, pool and class hours: 13 months by default.
    public var hourlySeconds: Double
    /// Team and department hours: 35 days by default (never longer than the other hours).
    public var orgHourlySeconds: Double
    /// Daily rollups of every scope: 5 years by default.
    public var dailySeconds: Double

    /// Retention of `hourlyDays` of hourly rollups (`orgHourlyDays` of teams' and departments') and `dailyDays` of daily.
    public init(hourlyDays: Double = 396, orgHourlyDays: Double = 35, dailyDays: Double = 5 * 365 + 1) {
        hourlySeconds = hourlyDays * 86_400
        orgHourlySeconds = min(orgHourlyDays, hourlyDays) * 86_400
        dailySeconds = dailyDays * 86_400
    }
}

/// Writes KPI history into the store in its layout: an hour's rollups as one row per hourly series, each day's as one
/// row folded from its stored hours, and the review context.
public enum KPIHistoryStore {
    /// Stores one hour's rollups (every scope) and the refold of its day from the day's stored hours.
    public static func save(hour rollups: [KPIRollup], hour: Int, in store: any EventStoring, fence: WriterFence?) throws {
        for (series, part) in split(rollups) {
            try store.saveRollups([(start: Int64(hour), value: part)], resolution: series.key, fence: fence)
        }
        let day = hour - ((hour % 86_400) + 86_400) % 86_400
        let hours = try RollupSeries.hourly.flatMap { series in
            try store.rollups(resolution: series.key, from: Int64(day), to: Int64(day + 86_400), as: [KPIRollup].self).flatMap(\.value)
        }
        try store.saveRollups([(start: Int64(day), value: KPIRollup.days(from: hours))], resolution: RollupSeries.days.key, fence: fence)
        try refoldMonths(containing: [day], in: store, fence: fence)
    }

    /// Stores a backfilled history (hourly rollups of any scopes) and the days folded from it, in one write per series.
    public static func backfill(_ rollups: [KPIRollup], into store: any EventStoring, fence: WriterFence?) throws {
        guard !rollups.isEmpty else { return }
        for (series, part) in split(rollups) {
            let rows = Dictionary(grouping: part, by: \.start).sorted { $0.key < $1.key }
            try store.saveRollups(rows.map { (start: Int64($0.key), value: $0.value) }, resolution: series.key, fence: fence)
        }
        let days = Dictionary(grouping: KPIRollup.days(from: rollups), by: \.start).sorted { $0.key < $1.key }
        try store.saveRollups(days.map { (start: Int64($0.key), value: $0.value) }, resolution: RollupSeries.days.key, fence: fence)
        try refoldMonths(containing: days.map(\.key), in: store, fence: fence)
    }

    /// Deletes what `retention` no longer keeps at fleet hour `hour`; returns how many rows per series.
    @discardableResult
    public static func prune(at hour: Int, retention: KPIRetention, in store: any EventStoring) throws -> [RollupSeries: Int] {
        let kept: [(RollupSeries, Double)] = [(.hours, retention.hourlySeconds), (.orgHours, retention.orgHourlySeconds), (.days, retention.dailySeconds),
                                              (.months, retention.dailySeconds)]
        var deleted: [RollupSeries: Int] = [:]
        for (series, seconds) in kept {
            deleted[series] = try store.deleteRollups(resolution: series.key, before: Int64(Double(hour) - seconds))
        }
        return deleted
    }

    /// Replaces the stored review context.
    public static func save(_ context: ReviewContext, in store: any EventStoring, fence: WriterFence?) throws {
        try store.saveRollups([(start: Int64(0), value: context)], resolution: RollupSeries.context.key, fence: fence)
    }

    /// The hourly rollups split by the series they are filed under.
    private static func split(_ rollups: [KPIRollup]) -> [(RollupSeries, [KPIRollup])] {
        let bySeries = Dictionary(grouping: rollups) { RollupSeries.hours(of: $0.scope.kind) }
        return RollupSeries.hourly.compactMap { series in bySeries[series].map { (series, $0) } }
    }
}

extension RollupSeries {
    /// The series hours are filed under.
    static let hourly: [RollupSeries] = [.hours, .orgHours]
}

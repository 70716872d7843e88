import FleetCore
import FleetStore

/// Reads a period's KPI history from a store and derives its review pack: the one load path of `report review`,
/// `snapshot --pane review` and the dashboard's `:review` (which runs it off the UI thread). Monthly rows cover the
/// whole months inside a period (where the store has them), daily rows the other whole UTC days, hourly ones the
/// partial days at its edges (a `last-Nd` period ends at an hour, an "as of" moment anywhere); the stored review
/// context gives the targets without loading the fleet state.
public enum ReviewHistory {
    /// The rollups of `p` up to `asOf` (epoch seconds; nil: all). Hours are read from both hourly series; where the
    /// teams' and departments' hours are past their retention, an edge's hours hold only the fleet's scopes.
    public static func rollups(of p: ReviewPeriod, asOf: Int? = nil, in store: any EventStoring) throws -> [KPIRollup] {
        let day = RollupSeries.days.key, hour = RollupResolution.hour.seconds
        // Only hours closed by the moment count: a frozen review does not move as the current hour fills.
        let end = asOf.map { min(p.end, $0 / hour * hour) } ?? p.end
        let firstWholeDay = (p.start + day - 1) / day * day, endOfWholeDays = end / day * day
        guard firstWholeDay < endOfWholeDays else { return try hours(p.start, end, store) }
        return try hours(p.start, firstWholeDay, store) + wholeDays(firstWholeDay, endOfWholeDays, store)
            + hours(endOfWholeDays, end, store)
    }

    /// The pack of `period` (compared with `compare` when given) as of `asOf`, judged against `targets`.
    public static func pack(period: ReviewPeriod, compare: ReviewPeriod?, asOf: Int? = nil, targets: ReviewTargets,
                            in store: any EventStoring) throws -> ReviewPack {
        ReviewPack.derive(period: period, rollups: try rollups(of: period, asOf: asOf, in: store),
                          compare: try compare.map { (period: $0, rollups: try rollups(of: $0, asOf: asOf, in: store)) },
                          targets: targets)
    }

    /// The review context the writer stored last; nil in a store written before it kept one.
    public static func context(in store: any EventStoring) throws -> ReviewContext? {
        try store.rollups(resolution: RollupSeries.context.key, from: 0, to: 1, as: ReviewContext.self).last?.value
    }

    /// The whole days from `from` to `to`: the whole months among them as their monthly rows, the days of a month
    /// without one (a store written before they were kept) and the days around them as daily rows.
    private static func wholeDays(_ from: Int, _ to: Int, _ store: any EventStoring) throws -> [KPIRollup] {
        var months: [Int] = []
        var month = UTCMonth.start(containing: from) < from ? UTCMonth.next(after: UTCMonth.start(containing: from)) : from
        while UTCMonth.next(after: month) <= to {
            months.append(month)
            month = UTCMonth.next(after: month)
        }
        guard let first = months.first else { return try read(.days, from, to, store) }
        let stored = try store.rollups(resolution: RollupSeries.months.key, from: Int64(first), to: Int64(month), as: [KPIRollup].self)
        let kept = Set(stored.map { Int($0.start) })
        return try read(.days, from, first, store) + stored.flatMap(\.value)
            + months.filter { !kept.contains($0) }.flatMap { try read(.days, $0, UTCMonth.next(after: $0), store) } + read(.days, month, to, store)
    }

    private static func hours(_ from: Int, _ to: Int, _ store: any EventStoring) throws -> [KPIRollup] {
        try RollupSeries.hourly.flatMap { try read($0, from, to, store) }
    }

    private static func read(_ series: RollupSeries, _ from: Int, _ to: Int, _ store: any EventStoring) throws -> [KPIRollup] {
        guard from < to else { return [] }
        return try store.rollups(resolution: series.key, from: Int64(from), to: Int64(to), as: [KPIRollup].self).flatMap(\.value)
    }
}

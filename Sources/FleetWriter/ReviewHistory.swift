import FleetCore
import FleetStore

/// Reads KPI history for a review: a period's rollups (daily rows for the whole UTC days inside it, hourly ones for
/// the partial days at its edges, since a `last-Nd` period ends at an hour) and the stored review context.
public enum ReviewHistory {
    /// Every scope's rollups covering `p`. Hours are read from both hourly series; where the teams' and departments'
    /// hours are past their retention, an edge's hours hold only the fleet's scopes.
    public static func rollups(of p: ReviewPeriod, in store: any EventStoring) throws -> [KPIRollup] {
        let day = RollupSeries.days.key
        let firstWholeDay = (p.start + day - 1) / day * day, endOfWholeDays = p.end / day * day
        guard firstWholeDay < endOfWholeDays else { return try hours(p.start, p.end, store) }
        return try hours(p.start, firstWholeDay, store) + read(.days, firstWholeDay, endOfWholeDays, store) + hours(endOfWholeDays, p.end, store)
    }

    /// The review context the writer stored last; nil in a store written before it kept one.
    public static func context(in store: any EventStoring) throws -> ReviewContext? {
        try store.rollups(resolution: RollupSeries.context.key, from: 0, to: 1, as: ReviewContext.self).last?.value
    }

    private static func hours(_ from: Int, _ to: Int, _ store: any EventStoring) throws -> [KPIRollup] {
        try RollupSeries.hourly.flatMap { try read($0, from, to, store) }
    }

    private static func read(_ series: RollupSeries, _ from: Int, _ to: Int, _ store: any EventStoring) throws -> [KPIRollup] {
        guard from < to else { return [] }
        return try store.rollups(resolution: series.key, from: Int64(from), to: Int64(to), as: [KPIRollup].self).flatMap(\.value)
    }
}

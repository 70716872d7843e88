import FleetCore
import FleetStore

/// Reads a period's KPI history from a store and derives its review pack: the one load path of `report review`,
/// `snapshot --pane review` and the dashboard's `:review` (which runs it off the UI thread).
public enum ReviewHistory {
    /// The rollups of `p` up to `asOf` (epoch seconds; nil: all): daily rollups for the whole UTC days inside it,
    /// hourly ones for the partial days at its edges (a `last-Nd` period ends at an hour, an "as of" moment anywhere).
    public static func rollups(of p: ReviewPeriod, asOf: Int? = nil, in store: any EventStoring) throws -> [KPIRollup] {
        let day = RollupResolution.day.seconds, hour = RollupResolution.hour.seconds
        // Only hours closed by the moment count: a frozen review does not move as the current hour fills.
        let end = asOf.map { min(p.end, $0 / hour * hour) } ?? p.end
        let firstWholeDay = (p.start + day - 1) / day * day, endOfWholeDays = end / day * day
        guard firstWholeDay < endOfWholeDays else { return try read(hour, p.start, end, store) }
        return try read(hour, p.start, firstWholeDay, store) + read(day, firstWholeDay, endOfWholeDays, store)
            + read(hour, endOfWholeDays, end, store)
    }

    /// The pack of `period` (compared with `compare` when given) as of `asOf`, judged against `targets`.
    public static func pack(period: ReviewPeriod, compare: ReviewPeriod?, asOf: Int? = nil, targets: ReviewTargets,
                            in store: any EventStoring) throws -> ReviewPack {
        ReviewPack.derive(period: period, rollups: try rollups(of: period, asOf: asOf, in: store),
                          compare: try compare.map { (period: $0, rollups: try rollups(of: $0, asOf: asOf, in: store)) },
                          targets: targets)
    }

    private static func read(_ resolution: Int, _ from: Int, _ to: Int, _ store: any EventStoring) throws -> [KPIRollup] {
        guard from < to else { return [] }
        return try store.rollups(resolution: resolution, from: Int64(from), to: Int64(to), as: [KPIRollup].self).flatMap(\.value)
    }
}

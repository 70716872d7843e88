import FleetCore
import FleetStore
import FleetWriter
import Foundation
import Testing

extension StoreContract {
    /// KPI retention deletes, per series, exactly the rows that start before its cutoff: teams' and departments' hours
    /// go first, the fleet's hours later, days and months last; the review context is never deleted.
    static func kpiRetentionPrunesEachSeries(_ backend: some ContractBackend) throws {
        let store = try backend.open(), other = try backend.open()
        let day = 86_400, now = 400 * day
        let retention = KPIRetention(hourlyDays: 10, orgHourlyDays: 2, dailyDays: 30)
        // Rows one hour either side of each cutoff, and well inside and outside every one.
        let starts = [now - 40 * day, now - 30 * day - 3600, now - 30 * day, now - 10 * day - 3600, now - 10 * day,
                      now - 2 * day - 3600, now - 2 * day, now - 3600]
        for series in [RollupSeries.hours, .orgHours, .days, .months] {
            try store.saveRollups(starts.map { (start: Int64($0), value: Board("\(series) \($0)", size: 3)) }, resolution: series.key, fence: nil)
        }
        try store.saveRollups([(start: Int64(0), value: Board("context", size: 3))], resolution: RollupSeries.context.key, fence: nil)
        let deleted = try KPIHistoryStore.prune(at: now, retention: retention, in: store)
        let kept = { (series: RollupSeries) in try other.rollups(resolution: series.key, from: .min, to: .max, as: Board.self).map { Int($0.start) } }
        #expect(try kept(.orgHours) == [now - 2 * day, now - 3600])
        #expect(try kept(.hours) == [now - 10 * day, now - 2 * day - 3600, now - 2 * day, now - 3600])
        #expect(try kept(.days) == starts.filter { $0 >= now - 30 * day })
        #expect(try kept(.months) == starts.filter { $0 >= now - 30 * day })
        #expect(try kept(.context) == [0])
        #expect(deleted == [.orgHours: 6, .hours: 4, .days: 2, .months: 2])
        // Pruning again at the same hour deletes nothing more.
        #expect(try KPIHistoryStore.prune(at: now, retention: retention, in: other) == [.orgHours: 0, .hours: 0, .days: 0, .months: 0])
    }
}

import FleetCore
import FleetStore

extension KPIHistoryStore {
    /// Refolds the monthly row of each month holding one of `days` (UTC day starts) from the month's stored days.
    static func refoldMonths(containing days: [Int], in store: any EventStoring, fence: WriterFence?) throws {
        for month in Set(days.map(UTCMonth.start(containing:))).sorted() {
            let stored = try store.rollups(resolution: RollupSeries.days.key, from: Int64(month), to: Int64(UTCMonth.next(after: month)),
                                           as: [KPIRollup].self).flatMap(\.value)
            try store.saveRollups([(start: Int64(month), value: monthRow(stored, start: month))], resolution: RollupSeries.months.key,
                                  fence: fence)
        }
    }

    /// A month's row from its days: each scope but the fleet folded over the month (labelled a day starting at the
    /// month: folds read only the sums), and the fleet's days as they are.
    static func monthRow(_ days: [KPIRollup], start: Int) -> [KPIRollup] {
        let fleet = days.filter { $0.scope == .fleet }.sorted { $0.start < $1.start }
        let others = KPIRollup.fold(days.filter { $0.scope != .fleet }, start: start, resolution: .day)
        return fleet + others.values.sorted { $0.scope < $1.scope }
    }
}

/// UTC months as epoch seconds.
enum UTCMonth {
    /// The start of the month holding `t`.
    static func start(containing t: Int) -> Int { Int(UTCCalendar.monthStart(containing: Double(t))) }
    /// The start of the month after the one starting at `monthStart`.
    static func next(after monthStart: Int) -> Int { Int(UTCCalendar.nextMonthStart(after: Double(monthStart))) }
}

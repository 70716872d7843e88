import FleetCore
import FleetStore

/// How long the store keeps KPI history.
public struct KPIRetention: Sendable, Hashable {
    /// Hourly rollups: 13 months by default.
    public var hourlySeconds: Double
    /// Daily rollups: 5 years by default.
    public var dailySeconds: Double

    /// Retention of `hourlyDays` of hourly and `dailyDays` of daily rollups.
    public init(hourlyDays: Double = 396, dailyDays: Double = 5 * 365 + 1) {
        hourlySeconds = hourlyDays * 86_400
        dailySeconds = dailyDays * 86_400
    }
}

/// The writer's KPI history: observes its state after each turn and, as each fleet hour closes, stores the hour's
/// rollups, refolds that day's and drops what is past retention. One row per period holds every scope's rollup.
final class KPIHistoryWriter {
    private var accumulator = KPIRollupAccumulator()
    private let retention: KPIRetention
    /// Why the last write failed; nil once one succeeds.
    private(set) var lastFailure: String?
    /// Why a new store's backfilled history was not stored (it stays missing, so this is not cleared).
    var backfillFailure: String?

    init(retention: KPIRetention) {
        self.retention = retention
    }

    /// Observes `state`; stores the hours it closed.
    func observe(_ state: FleetState, store: any EventStoring, fence: WriterFence?) {
        let closed = accumulator.observe(state)
        guard let hour = closed.first?.start else { return }
        do {
            try Self.store(hours: closed, hour: hour, in: store, fence: fence)
            try store.deleteRollups(resolution: RollupResolution.hour.seconds, before: Int64(Double(hour) - retention.hourlySeconds))
            try store.deleteRollups(resolution: RollupResolution.day.seconds, before: Int64(Double(hour) - retention.dailySeconds))
            lastFailure = nil
        } catch {
            lastFailure = "KPI history not stored: \(error)"
        }
    }

    /// Stores a backfilled history (hourly rollups of any scopes) and the days folded from it, in one write each.
    static func backfill(_ rollups: [KPIRollup], into store: any EventStoring, fence: WriterFence?) throws {
        guard !rollups.isEmpty else { return }
        let hours = Dictionary(grouping: rollups, by: \.start).sorted { $0.key < $1.key }
        try store.saveRollups(hours.map { (start: Int64($0.key), value: $0.value) }, resolution: RollupResolution.hour.seconds, fence: fence)
        let days = Dictionary(grouping: KPIRollup.days(from: rollups), by: \.start).sorted { $0.key < $1.key }
        try store.saveRollups(days.map { (start: Int64($0.key), value: $0.value) }, resolution: RollupResolution.day.seconds, fence: fence)
    }

    /// Stores one hour's rollups (every scope) and the refold of its day from the day's stored hours.
    static func store(hours rollups: [KPIRollup], hour: Int, in store: any EventStoring, fence: WriterFence?) throws {
        try store.saveRollups([(start: Int64(hour), value: rollups)], resolution: RollupResolution.hour.seconds, fence: fence)
        let day = Int64(hour - ((hour % 86_400) + 86_400) % 86_400)
        let hours = try store.rollups(resolution: RollupResolution.hour.seconds, from: day, to: day + 86_400, as: [KPIRollup].self)
        let folded = KPIRollup.days(from: hours.flatMap(\.value))
        try store.saveRollups([(start: day, value: folded)], resolution: RollupResolution.day.seconds, fence: fence)
    }
}

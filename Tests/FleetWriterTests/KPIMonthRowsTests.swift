import FleetCore
import FleetStore
import FleetWriter
import Foundation
import Testing

@Suite("Monthly KPI rows")
struct KPIMonthRowsTests {
    static let october = ReviewPeriod(.month(year: 2026, month: 10)), november = ReviewPeriod(.month(year: 2026, month: 11))
    static let targets = ReviewTargets(teams: [ReviewTeamTarget(name: "nlp", department: "d", quotaGPUs: 2, monthlyBudget: 300)])

    /// Hours from 1 October to 10 November 2026 of the fleet (4 GPUs, one allocated in hour h when h % 3 == 0) and of
    /// team nlp (that GPU) and department d: whole numbers, so folds in any order give the same sums.
    static var hours: [KPIRollup] {
        (0..<(41 * 24)).flatMap { h -> [KPIRollup] in
            let start = october.start + h * 3600, allocated = h % 3 == 0 ? 1.0 : 0
            func rollup(_ scope: RollupScope, _ sums: [(RollupSum, Double)]) -> KPIRollup {
                var r = KPIRollup(start: start, resolution: .hour, scope: scope)
                for (s, v) in sums { r.add(v, to: s) }
                return r
            }
            return [rollup(.fleet, [(.coveredHours, 1), (.totalGPUHours, 4), (.capacityGPUHours, 4), (.allocatedGPUHours, allocated),
                                    (.pendingGPUHours, 1)]),
                    rollup(RollupScope(.team, "nlp"), [(.allocatedGPUHours, allocated), (.costDollars, 2 * allocated)]),
                    rollup(RollupScope(.department, "d"), [(.allocatedGPUHours, allocated), (.costDollars, 2 * allocated)])]
        }
    }

    private func store(_ dir: TempStore) throws -> EventStore {
        let store = try EventStore(path: dir.path)
        try KPIHistoryStore.backfill(Self.hours, into: store, fence: nil)
        return store
    }

    @Test("a backfill keeps a row per month: each scope but the fleet folded, and the fleet's days")
    func backfill() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let rows = try store(dir).rollups(resolution: RollupSeries.months.key, from: 0, to: .max, as: [KPIRollup].self)
        #expect(rows.map(\.start) == [Int64(Self.october.start), Int64(Self.november.start)])
        let october = try #require(rows.first?.value)
        #expect(october.filter { $0.scope == .fleet }.map(\.start) == (0..<31).map { Self.october.start + $0 * 86_400 })
        let team = try #require(october.first { $0.scope == RollupScope(.team, "nlp") })
        #expect(team.start == Self.october.start && team[.allocatedGPUHours] == 248, "744 hours, every third allocated")
        #expect(october.count == 31 + 2)
    }

    @Test("a whole month is read from its monthly row, and gives the pack its days gave")
    func readsTheMonth() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let store = try store(dir)
        let read = try ReviewHistory.rollups(of: Self.october, in: store)
        #expect(read.count == 33, "one row: 31 fleet days and 2 scopes' months, not 31 × 3 rollups")
        let fromMonths = try ReviewHistory.pack(period: Self.october, compare: nil, targets: Self.targets, in: store)
        try store.deleteRollups(resolution: RollupSeries.months.key, before: .max)
        #expect(try ReviewHistory.rollups(of: Self.october, in: store).count == 31 * 3, "a store without monthly rows: its days")
        let fromDays = try ReviewHistory.pack(period: Self.october, compare: nil, targets: Self.targets, in: store)
        #expect(fromMonths == fromDays)
        #expect(fromMonths.section(.teams)?.rows.first?[.allocatedGPUHours]?.value == 248)
        #expect(fromMonths.trend.count == 31)
    }

    @Test("a month cut by the as-of moment is read from days and hours; a month without a row from its days")
    func partialMonths() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let store = try store(dir)
        #expect(try ReviewHistory.rollups(of: Self.november, in: store).count == 10 + 2, "November's row holds the 10 days stored")
        let november5 = Self.november.start + 4 * 86_400 + 3 * 3600
        #expect(try ReviewHistory.rollups(of: Self.november, asOf: november5, in: store).count == 4 * 3 + 3 * 3,
                "as of 5 November 03:00: four days and three hours")
        let q4 = ReviewPeriod(.quarter(year: 2026, quarter: 4))
        #expect(try ReviewHistory.rollups(of: q4, in: store).count == 33 + 12, "October's and November's rows; December has none")
        try store.deleteRollups(resolution: RollupSeries.months.key, before: Int64(Self.november.start))
        #expect(try ReviewHistory.rollups(of: q4, in: store).count == 31 * 3 + 12, "October without its row: its days")
    }

    @Test("an hour closing refolds its month's row")
    func hourRefoldsTheMonth() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let store = try store(dir)
        let hour = Self.november.start + 10 * 86_400
        var team = KPIRollup(start: hour, resolution: .hour, scope: RollupScope(.team, "nlp"))
        team.add(5, to: .allocatedGPUHours)
        var fleet = KPIRollup(start: hour, resolution: .hour, scope: .fleet)
        fleet.add(5, to: .allocatedGPUHours)
        try KPIHistoryStore.save(hour: [fleet, team], hour: hour, in: store, fence: nil)
        let row = try #require(try store.rollups(resolution: RollupSeries.months.key, from: Int64(Self.november.start), to: .max,
                                                 as: [KPIRollup].self).first?.value)
        #expect(row.first { $0.scope == RollupScope(.team, "nlp") }?[.allocatedGPUHours] == 85, "240 hours, every third allocated (80), and 5")
        #expect(row.filter { $0.scope == .fleet }.count == 11)
    }
}

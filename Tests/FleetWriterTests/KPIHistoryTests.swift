import FleetCore
import FleetFeeds
import FleetStore
import FleetWriter
import Foundation
import Testing

/// A feed that defines a 4-GPU fleet with a policy, then moves the fleet clock one minute per step.
final class MinuteFeed: Feed {
    static let t0 = 1_793_577_600.0  // 2026-11-02 00:00 UTC
    private var minutes = 0
    var name: String { "minutes" }
    var kind: String { "fake" }
    var interval: Double { 1 }

    func step(now: Double, into batch: inout EventBatch) throws {
        if minutes == 0 {
            batch.emit(.clock(at: Self.t0))
            batch.emit(.fleetDefined(fleet(gpus: 4)))
            batch.emit(.policyDefined(PolicySpec(source: "test", priorityClasses: PolicySpec.defaultPriorityClasses,
                                                 prices: [Price(model: "H100", purchase: .onPrem, region: "r", dollarsPerGPUHour: 2)])))
        }
        minutes += 1
        batch.emit(.clock(at: Self.t0 + Double(minutes) * 60))
    }
}

/// `MinuteFeed`'s fleet with one team whose monthly budget is 100 until fleet minute 3, then 250.
final class BudgetFeed: Feed {
    private var minutes = 0
    var name: String { "budget" }
    var kind: String { "fake" }
    var interval: Double { 1 }

    static func org(budget: Double) -> OrgSpec {
        OrgSpec(name: "o", departments: [Department(name: "d", costCenter: "cc")],
                teams: [Team(name: "a", department: 0, costCenter: "cc", quotaGPUs: 2, borrowingLimitGPUs: 0, monthlyBudget: budget, projects: [])])
    }

    func step(now: Double, into batch: inout EventBatch) throws {
        if minutes == 0 {
            batch.emit(.clock(at: MinuteFeed.t0))
            batch.emit(.fleetDefined(fleet(gpus: 4)))
            batch.emit(.orgDefined(Self.org(budget: 100)))
        }
        if minutes == 3 { batch.emit(.orgDefined(Self.org(budget: 250))) }
        minutes += 1
        batch.emit(.clock(at: MinuteFeed.t0 + Double(minutes) * 60))
    }
}

@Suite("KPI history in the writer")
struct KPIHistoryTests {
    @Test("closed fleet hours are stored as rollups (hour and its day), survive compaction and follow retention")
    func hoursAreStored() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let loop = try writerLoop(path: dir.path, feeds: [MinuteFeed()], now: t0, snapshotInterval: 30)
        for k in 0..<130 { loop.turn(now: t0 + Double(k)) }
        let hour = Int64(MinuteFeed.t0)
        let stored = try loop.store.rollups(resolution: 3600, from: 0, to: .max, as: [KPIRollup].self)
        #expect(stored.map(\.start) == [hour, hour + 3600], "two fleet hours closed in 130 fleet minutes")
        // The first observation is at fleet minute 1 (the feed's first step ends there): that hour covers 59 minutes.
        let first = try #require(stored.first?.value.first { $0.scope == .fleet })
        #expect(first[.coveredHours].map { abs($0 - 59.0 / 60) < 1e-9 } == true)
        let second = try #require(stored.last?.value.first { $0.scope == .fleet })
        #expect(second[.totalGPUHours].map { abs($0 - 4) < 1e-9 } == true)
        #expect(second[.costDollars].map { abs($0 - 8) < 1e-9 } == true)
        let day = try loop.store.rollups(resolution: 86_400, from: 0, to: .max, as: [KPIRollup].self)
        #expect(day.map(\.start) == [hour])
        #expect(day.first?.value.first { $0.scope == .fleet }?[.totalGPUHours].map { abs($0 - 4 * (1 + 59.0 / 60)) < 1e-9 } == true)
        #expect(loop.lastError == nil)
        // Snapshots were taken every 30 s and compacted the events; the rollups are all still there.
        #expect(try loop.store.events(after: 0, limit: 10, as: FleetEvent.self).first?.id ?? 0 > 1)
        #expect(try loop.store.rollups(resolution: 3600, from: 0, to: .max, as: [KPIRollup].self).count == 2)
    }

    @Test("rollups older than the retention are deleted as hours close")
    func retention() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let store = try EventStore(path: dir.path)
        let old = Int64(MinuteFeed.t0) - 2 * 86_400
        try store.saveRollups([(start: old, value: [KPIRollup]())], resolution: 3600, fence: nil)
        try store.saveRollups([(start: old, value: [KPIRollup]())], resolution: 86_400, fence: nil)
        let fence = try #require(try store.takeWriterLease(owner: "t", now: Date(timeIntervalSince1970: t0), ttl: 5))
        let loop = WriterLoop(lease: LeaseKeeper(store: store, owner: "t", fence: fence, ttl: 5), state: FleetState(), lastEventID: 0,
                              feeds: [MinuteFeed()], now: t0, kpiRetention: KPIRetention(hourlyDays: 1, dailyDays: 3))
        for k in 0..<70 { loop.turn(now: t0 + Double(k)) }
        #expect(try store.rollups(resolution: 3600, from: 0, to: .max, as: [KPIRollup].self).map(\.start) == [Int64(MinuteFeed.t0)])
        #expect(try store.rollups(resolution: 86_400, from: 0, to: .max, as: [KPIRollup].self).map(\.start) == [old, Int64(MinuteFeed.t0)])
    }

    @Test("the review context (fleet time, teams' quotas and budgets) is stored, and again within a fleet minute of a change")
    func contextFollowsTheTargets() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let loop = try writerLoop(path: dir.path, feeds: [BudgetFeed()], now: t0)
        for k in 0..<3 { loop.turn(now: t0 + Double(k)) }
        let before = try #require(try ReviewHistory.context(in: loop.store))
        #expect(before.teams == [ReviewTeamTarget(name: "a", department: "d", quotaGPUs: 2, monthlyBudget: 100)])
        #expect(before.now == MinuteFeed.t0 + 60, "stored when first seen, not again while nothing changed")
        for k in 3..<5 { loop.turn(now: t0 + Double(k)) }
        let after = try #require(try ReviewHistory.context(in: loop.store))
        #expect(after.teams.map(\.monthlyBudget) == [250])
        #expect(after == ReviewContext(now: MinuteFeed.t0 + 4 * 60, teams: ReviewContext(state: loop.state).teams))
        #expect(loop.lastError == nil)
    }

    @Test("a new simulated store starts with 90 days of hourly and daily KPI history")
    func simulatedBackfill() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let sim = FleetSimulator(config: SimulatorConfig(seed: 9, gpuCount: 64, teamCount: 3))
        let loop = try writerLoop(path: dir.path, feeds: [SimulatorFeed(simulator: sim, speed: 1, warmupSeconds: 600)], now: t0)
        var k = 0.0
        while loop.turn(now: t0 + k) == false && k < 600 {
            usleep(20_000)
            k += 0.02
        }
        #expect(!loop.isWarmingUp && loop.lastError == nil)
        let hours = try loop.store.rollups(resolution: RollupSeries.hours.key, from: 0, to: .max, as: [KPIRollup].self)
        #expect(hours.count == 90 * 24)
        #expect(hours.allSatisfy { row in row.value.contains { $0.scope == .fleet } && !row.value.contains { $0.scope.kind == .team } })
        // Teams' and departments' hours are a series of their own, kept shorter.
        let orgHours = try loop.store.rollups(resolution: RollupSeries.orgHours.key, from: 0, to: .max, as: [KPIRollup].self)
        #expect(orgHours.map(\.start) == hours.map(\.start))
        #expect(orgHours.allSatisfy { row in row.value.allSatisfy { $0.scope.kind == .team || $0.scope.kind == .department } })
        #expect(Set(orgHours.flatMap { $0.value.map(\.scope.name) }).isSuperset(of: loop.state.org.teams.map(\.name)))
        let days = try loop.store.rollups(resolution: 86_400, from: 0, to: .max, as: [KPIRollup].self)
        #expect(days.count >= 90 && days.count <= 91)
    }

    @Test("the modelled history, stored while the warm-up runs, and the warm-up's hours fold into days that hold both")
    func historyAndWarmUpShareADay() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        // The warm-up starts at 10:00, so its day holds ten modelled hours and its own three.
        let config = SimulatorConfig(seed: 9, gpuCount: 64, teamCount: 3, epoch: 1_793_577_600 + 10 * 3600)
        let loop = try writerLoop(path: dir.path, feeds: [SimulatorFeed(simulator: FleetSimulator(config: config), speed: 1,
                                                                        warmupSeconds: 3 * 3600 + 60)], now: t0)
        var k = 0.0
        while loop.isWarmingUp, k < 600 {
            loop.turn(now: t0 + k)
            usleep(20_000)
            k += 0.02
        }
        #expect(!loop.isWarmingUp && loop.lastError == nil, "\(loop.lastError ?? "")")
        let hours = try [RollupSeries.hours, .orgHours].flatMap { series in
            try loop.store.rollups(resolution: series.key, from: 0, to: .max, as: [KPIRollup].self).flatMap(\.value)
        }
        let day = Int(config.epoch) - 10 * 3600
        #expect(Set(hours.map(\.start).filter { $0 >= day && $0 < day + 86_400 }).count == 13, "ten modelled hours and three warm-up hours")
        let stored = try loop.store.rollups(resolution: RollupSeries.days.key, from: 0, to: .max, as: [KPIRollup].self)
        let folded = Dictionary(grouping: KPIRollup.days(from: hours), by: \.start)
        #expect(stored.count == folded.count)
        for row in stored { #expect(row.value == folded[Int(row.start)], "day \(row.start)") }
        let shared = try #require(stored.first { $0.start == Int64(day) }?.value.first { $0.scope == .fleet })
        // The warm-up's hours cover 60 fleet minutes each, summed as fractions.
        #expect(abs((shared[.coveredHours] ?? 0) - 13) < 1e-9)
    }
}

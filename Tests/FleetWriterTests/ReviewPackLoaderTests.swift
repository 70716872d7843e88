import FleetCore
import FleetStore
import FleetWriter
import Foundation
import Synchronization
import Testing

/// A stand-in load that derives an empty pack and records each key it was called for.
private final class CountingLoad: Sendable {
    private let calls = Mutex<[ReviewPackKey]>([])
    let fails: Bool

    init(fails: Bool = false) { self.fails = fails }

    var keys: [ReviewPackKey] { calls.withLock { $0 } }

    func load(_ key: ReviewPackKey, _ targets: ReviewTargets) throws -> ReviewPack {
        calls.withLock { $0.append(key) }
        if fails { throw StoreError.io(path: "test", detail: "server away") }
        return ReviewPack.derive(period: key.period, rollups: [], compare: key.compare.map { ($0, []) }, targets: targets)
    }

    func loader(capacity: Int = 12) -> ReviewPackLoader {
        ReviewPackLoader(cacheCapacity: capacity) { [self] in try load($0, $1) }
    }
}

@Suite("Review pack loader and its cache")
struct ReviewPackLoaderTests {
    static let october = ReviewPeriod(.month(year: 2026, month: 10)), november = ReviewPeriod(.month(year: 2026, month: 11))
    static let targets = ReviewTargets(teams: [ReviewTeamTarget(name: "nlp", department: "d", quotaGPUs: 8, monthlyBudget: 1000)])
    /// 15 November 2026, 10:00 UTC: November is live, October closed.
    static let nov15 = november.start + 14 * 86_400 + 10 * 3600

    static func key(_ period: ReviewPeriod, compare: Bool = false, asOf: Int = nov15) -> ReviewPackKey {
        ReviewPackKey(period: period, compare: compare ? period.previous : nil, asOf: asOf)
    }

    /// Asks until the answer is no longer loading (each ask also collects what finished); nil after 10 s.
    private func answer(_ loader: ReviewPackLoader, _ key: ReviewPackKey, targets: ReviewTargets = targets,
                        ahead: [ReviewPackKey] = []) -> ReviewPackAnswer? {
        for _ in 0..<1000 {
            let a = loader.pack(for: key, targets: targets, ahead: ahead)
            if case .loading = a { loader.wait(seconds: 0.01) } else { return a }
        }
        return nil
    }

    private func isReady(_ a: ReviewPackAnswer?) -> Bool {
        if case .ready? = a { true } else { false }
    }

    /// Polls until nothing loads.
    private func settle(_ loader: ReviewPackLoader) {
        for _ in 0..<1000 where loader.isBusy {
            loader.wait(seconds: 0.01)
            loader.poll()
        }
    }

    @Test("a key names the as-of hour while a period is live (or closed less than an hour ago), then stays")
    func keys() {
        let hour = 3600, nov1 = Self.november.start
        #expect(Self.key(Self.november, asOf: Self.nov15 + 1800).asOf == Self.nov15, "an as-of moment counts the hours closed by it")
        #expect(Self.key(Self.november) != Self.key(Self.november, asOf: Self.nov15 + hour), "live: the next hour is another pack")
        #expect(Self.key(Self.october, asOf: nov1).asOf == nov1, "closed this hour: its last hour may still be stored")
        #expect(Self.key(Self.october, asOf: nov1 + hour) == Self.key(Self.october, asOf: Self.nov15), "closed an hour ago: the same pack from then on")
        #expect(Self.key(Self.november, compare: true) != Self.key(Self.november), "the comparison is part of the key")
    }

    @Test("a miss loads once on a thread of its own; asking again is a hit that loads nothing")
    func hitAndMiss() throws {
        let load = CountingLoad(), loader = load.loader()
        let key = Self.key(Self.october, compare: true)
        guard case .loading = loader.pack(for: key, targets: Self.targets, ahead: []) else {
            Issue.record("a miss answers loading at once")
            return
        }
        guard case .ready(let pack)? = answer(loader, key) else {
            Issue.record("no pack after 10 s")
            return
        }
        #expect(pack.period == Self.october && pack.comparePeriod == Self.september)
        #expect(isReady(loader.pack(for: key, targets: Self.targets, ahead: [])))
        #expect(load.keys == [key], "loaded once")
        #expect(isReady(answer(loader, Self.key(Self.november))))
        #expect(load.keys == [key, Self.key(Self.november)], "another period is a miss")
        var other = Self.targets
        other.teams[0].monthlyBudget = 2000
        #expect(isReady(answer(loader, key, targets: other)))
        #expect(load.keys.count == 3, "other targets (a budget changed) are a miss")
    }

    static let september = ReviewPeriod(.month(year: 2026, month: 9))

    @Test("the packs one key away load after the one asked for, so asking for them is a hit")
    func prefetch() {
        let load = CountingLoad(), loader = load.loader()
        let shown = Self.key(Self.october), ahead = [Self.key(Self.september), Self.key(Self.november), Self.key(Self.october, compare: true)]
        #expect(isReady(answer(loader, shown, ahead: ahead)))
        settle(loader)
        #expect(load.keys == [shown] + ahead, "the one asked for first, then those ahead in order")
        for key in ahead {
            #expect(isReady(loader.pack(for: key, targets: Self.targets, ahead: [])), "\(key.period.label) ready at once")
        }
        #expect(load.keys.count == 4, "no second load")
    }

    @Test("a live period's pack is loaded again once its hour moved on; a closed period's is kept")
    func liveHour() {
        let load = CountingLoad(), loader = load.loader()
        #expect(isReady(answer(loader, Self.key(Self.november))))
        #expect(isReady(answer(loader, Self.key(Self.october))))
        let later = Self.nov15 + 3600
        guard case .loading = loader.pack(for: Self.key(Self.november, asOf: later), targets: Self.targets, ahead: []) else {
            Issue.record("the live period's pack of the hour before was shown")
            return
        }
        #expect(isReady(loader.pack(for: Self.key(Self.october, asOf: later), targets: Self.targets, ahead: [])))
        settle(loader)
        #expect(load.keys.map(\.asOf) == [Self.nov15, Self.november.start + 3600, later])
    }

    @Test("the cache keeps at most its capacity, dropping the least recently used")
    func bound() {
        let load = CountingLoad(), loader = load.loader(capacity: 2)
        let sep = Self.key(Self.september), oct = Self.key(Self.october), nov = Self.key(Self.november)
        for key in [sep, oct] { #expect(isReady(answer(loader, key))) }
        #expect(isReady(answer(loader, sep)), "a hit: September is now the most recently used")
        #expect(isReady(answer(loader, nov)))
        #expect(loader.cachedCount == 2)
        #expect(isReady(answer(loader, sep)))
        #expect(load.keys == [sep, oct, nov], "September was kept")
        #expect(isReady(answer(loader, oct)))
        #expect(load.keys == [sep, oct, nov, oct], "October was dropped and loaded again")
        #expect(loader.cachedCount == 2)
    }

    @Test("a failed load is told once, then asked for again")
    func failure() {
        let load = CountingLoad(fails: true), loader = load.loader()
        let key = Self.key(Self.october)
        guard case .failed(let message)? = answer(loader, key) else {
            Issue.record("no failure told")
            return
        }
        #expect(message.contains("server away"))
        guard case .loading = loader.pack(for: key, targets: Self.targets, ahead: []) else {
            Issue.record("a failure is told once")
            return
        }
        settle(loader)
        #expect(load.keys == [key, key])
    }

    @Test("on a store, the loader's pack is the one ReviewHistory derives")
    func fromStore() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path)
        var hours: [KPIRollup] = []
        for h in 0..<48 {
            var r = KPIRollup(start: Self.october.start + h * 3600, resolution: .hour, scope: .fleet)
            r.add(1, to: .coveredHours)
            r.add(Double(10 + h), to: .allocatedGPUHours)
            hours.append(r)
        }
        try KPIHistoryStore.backfill(hours, into: store, fence: nil)
        let loader = ReviewPackLoader(store: store)
        let key = Self.key(Self.october, compare: true)
        guard case .ready(let pack)? = answer(loader, key) else {
            Issue.record("no pack")
            return
        }
        let direct = try ReviewHistory.pack(period: Self.october, compare: Self.september, asOf: Self.nov15, targets: Self.targets, in: store)
        #expect(pack == direct)
        #expect(pack.section(.capacity)?.rows.first?[.allocatedGPUHours]?.value == (10...57).reduce(0.0) { $0 + Double($1) })
    }
}

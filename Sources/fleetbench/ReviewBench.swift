import FleetCore
import FleetFeeds
import FleetPanes
import FleetStore
import FleetTUI
import FleetWriter
import Foundation

/// `fleetbench review [--gpus 10000] [--teams 500] [--days 92]`: the simulator's KPI history of a fleet for `days`
/// days stored into a temporary store as the writer stores it, the bytes per year of each series and what a year
/// takes under the default retention, a month's and a quarter's pack timed as `report review` makes them (read the
/// review context and the period's and compare period's rollups, derive, render), and `:review`'s keys.
func runReviewBench(gpus: Int, teams: Int, days: Int) {
    let sim = FleetSimulator(config: SimulatorConfig(seed: 7, gpuCount: gpus, teamCount: teams))
    var state = FleetState()
    state.apply(sim.genesis())
    let end = sim.config.epoch
    var hours: [KPIRollup] = []
    let built = seconds { hours = SimulatedHistory(seed: 7).hours(of: state, days: days, endingAt: end) }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleetbench-review-\(getpid())")
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("review.sqlite").path
        let store = try EventStore(path: path)
        let stored = try seconds {
            try KPIHistoryStore.backfill(hours, into: store, fence: nil)
            try KPIHistoryStore.save(ReviewContext(state: state), in: store, fence: nil)
        }
        print(String(format: "history: %d GPUs, %d teams, %d days, %d hourly rollups (%d scopes an hour), built in %.2f s, stored in %.2f s",
                     gpus, teams, days, hours.count, hours.count / max(1, days * 24), built, stored))
        try printStorage(store, days: days, fileBytes: fileBytes(path))
        let periods: [(String, ReviewPeriod)] = [("month", ReviewPeriod(.month(year: 2026, month: 10))), ("quarter", ReviewPeriod(.quarter(year: 2026, quarter: 4)))]
        for (name, period) in periods {
            var times: [Double] = [], size = 0
            for _ in 0..<5 {
                times.append(try seconds {
                    let context = try ReviewHistory.context(in: store)
                    let pack = ReviewPack.derive(
                        period: period, rollups: try ReviewHistory.rollups(of: period, in: store),
                        compare: (period.previous, try ReviewHistory.rollups(of: period.previous, in: store)),
                        targets: ReviewTargets(teams: context?.teams ?? []))
                    size = ReviewHTML.render(pack).utf8.count
                })
            }
            print("review \(name) (\(period.label), compare previous): context + read + derive + html (\(size) bytes), median of 5: "
                + String(format: "%.3f s", median(times)))
            print("review_\(name)_seconds " + String(format: "%.3f", median(times)))
        }
        try timeReviewKeys(state: state, store: store, month: ReviewPeriod(.month(year: 2026, month: 10)))
    } catch {
        print("review bench failed: \(error)")
        exit(1)
    }
}

/// Payload bytes of each series per year of history, and what a year takes under the default retention.
private func printStorage(_ store: EventStore, days: Int, fileBytes: Int) throws {
    let perYear = { (bytes: Int) in Double(bytes) / Double(days) * 365 / 1e6 }
    var bytes: [RollupSeries: Int] = [:]
    for series in [RollupSeries.hours, .orgHours, .days, .months] {
        let rows = try store.rollups(resolution: series.key, from: .min, to: .max, as: [KPIRollup].self)
        bytes[series] = try rows.reduce(0) { $0 + (try BinarySnapshot.encode($1.value).count) }
    }
    let hours = perYear(bytes[.hours] ?? 0), orgHours = perYear(bytes[.orgHours] ?? 0)
    // Days and months are kept alike (5 years).
    let daily = perYear(bytes[.days] ?? 0), monthly = perYear(bytes[.months] ?? 0)
    let retention = KPIRetention()
    let orgKept = orgHours * retention.orgHourlySeconds / (365 * 86_400)
    print(String(format: "payload per year of history: fleet/pool/cluster/class hours %.1f MB, team/department hours %.1f MB, days %.1f MB, months %.1f MB (file %.1f MB/yr)",
                 hours, orgHours, daily, monthly, perYear(fileBytes)))
    print(String(format: "a year as kept (all hours of fleet scopes, %.0f days of team hours, all days and months): %.1f MB",
                 retention.orgHourlySeconds / 86_400, hours + orgKept + daily + monthly))
    print(String(format: "review_storage_year_mb %.1f", hours + orgKept + daily + monthly))
    print(String(format: "at full retention (13 months of hours, 5 years of days and months): %.0f MB",
                 hours * retention.hourlySeconds / (365 * 86_400) + orgKept + (daily + monthly) * retention.dailySeconds / (365 * 86_400)))
}

private func fileBytes(_ path: String) -> Int {
    [path, path + "-wal"].reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1))?[.size] as? Int ?? 0) }
}

/// `:review`'s keys at this scale, as the dashboard handles them: a slide key is the key handled and the next frame
/// composed (100×30) from the pack in hand; a period key is the key handled, its pack taken from the dashboard's
/// `ReviewPackLoader` and the frame composed. Cold: a loader that holds nothing, so the new period's and its compare
/// period's rollups are read and the pack derived on the loader's thread while the key waits; warm: the loader had
/// loaded the packs one key away while the slide was shown (not timed), as the dashboard does between keys.
private func timeReviewKeys(state: FleetState, store: EventStore, month: ReviewPeriod) throws {
    var ui = UIState(pane: .review)
    ui.review.period = month
    ui.review.compare = .previous
    var ctx = FrameContext(state: state, kpis: FleetKPIs.derive(from: state, wallNow: state.now), theme: Theme.builtinDefault,
                           wallNow: state.now, role: "bench", readOnly: false, simulationSpeed: nil, notice: nil)
    func key(_ r: ReviewRequest) -> ReviewPackKey { ReviewPackKey(period: r.period, compare: r.compare, asOf: r.asOf) }
    /// The pack of the request `ui` names, as the dashboard's loader hands it over, waiting while it loads.
    func show(_ loader: ReviewPackLoader, ahead: Bool) throws -> ReviewLoad {
        let request = ReviewRequest(ui.review, fleetNow: state.now)
        let next = ahead ? ReviewRequest.oneKeyAway(from: ui.review, fleetNow: state.now).map(key) : []
        while true {
            switch loader.pack(for: key(request), targets: ReviewTargets(state: state), ahead: next) {
            case .ready(let pack): return .ready(request, pack)
            case .failed(let message): throw ReviewBenchError(description: message)
            case .loading: loader.wait(seconds: 1)
            }
        }
    }
    func press(_ c: Character, _ loader: ReviewPackLoader, ahead: Bool) throws {
        UIController.handle(.key(.char(c)), ui: &ui, ctx: ctx)
        ctx.review = try show(loader, ahead: ahead)
        _ = Screen.compose(ui: ui, ctx: ctx, width: 100, height: 30)
    }
    ctx.review = try show(ReviewPackLoader(store: store), ahead: false)
    var slides: [Double] = [], cold: [Double] = [], warm: [Double] = []
    for i in 0..<40 {
        slides.append(seconds {
            UIController.handle(.key((i / 7) % 2 == 0 ? .right : .left), ui: &ui, ctx: ctx)  // 1 → 8 → 1 …
            _ = Screen.compose(ui: ui, ctx: ctx, width: 100, height: 30)
        })
    }
    for i in 0..<10 {
        let loader = ReviewPackLoader(store: store)
        cold.append(try seconds { try press(i % 2 == 0 ? "[" : "]", loader, ahead: false) })
    }
    let loader = ReviewPackLoader(store: store)
    ctx.review = try show(loader, ahead: true)
    let keys: [Character] = ["[", "]", "c", "[", "]", "c", "m", "q", "w", "y", "c", "[", "]", "m"]
    for c in keys {
        while loader.isBusy {  // the board looks at the slide meanwhile
            loader.wait(seconds: 1)
            loader.poll()
        }
        warm.append(try seconds { try press(c, loader, ahead: true) })
    }
    print(String(format: "review keys at %d GPUs: slide key + frame median %.2f ms (max %.2f); period key to a complete frame: cold (read + derive) median %.1f ms (max %.1f), warm (loaded ahead; [ ] c m q w y) median %.2f ms (max %.2f)",
                 state.gpus.count, median(slides) * 1000, (slides.max() ?? 0) * 1000, median(cold) * 1000, (cold.max() ?? 0) * 1000,
                 median(warm) * 1000, (warm.max() ?? 0) * 1000))
    print(String(format: "review_slide_key_ms %.2f", median(slides) * 1000))
    print(String(format: "review_period_key_cold_ms %.1f", median(cold) * 1000))
    print(String(format: "review_period_key_warm_ms %.2f", median(warm) * 1000))
}

private struct ReviewBenchError: Error, CustomStringConvertible {
    let description: String
}

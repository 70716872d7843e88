import FleetCore
import FleetFeeds
import FleetPanes
import FleetStore
import FleetTUI
import FleetWriter
import Foundation

/// `fleetbench review [--gpus 10000] [--teams 500] [--days 92]`: the simulator's KPI history of a fleet for `days`
/// days into a temporary store (hourly and daily rows, as the writer keeps them), the store's bytes per year of
/// history, and a month's and a quarter's review pack timed: read the daily rollups, derive, render every format.
func runReviewBench(gpus: Int, teams: Int, days: Int) {
    let sim = FleetSimulator(config: SimulatorConfig(seed: 7, gpuCount: gpus, teamCount: teams))
    var state = FleetState()
    state.apply(sim.genesis())
    let end = sim.config.epoch
    var hours: [KPIRollup] = []
    let built = seconds { hours = SimulatedHistory(seed: 7).hours(of: state, days: days, endingAt: end) }
    let folded = KPIRollup.days(from: hours)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleetbench-review-\(getpid())")
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let hourly = try store(hours, resolution: .hour, path: directory.appendingPathComponent("hourly.sqlite").path)
        let daily = try store(folded, resolution: .day, path: directory.appendingPathComponent("daily.sqlite").path)
        // A tiered retention would keep teams' and departments' hourly rows 35 days only (reviews read daily rows).
        let fleetScopes = try store(hours.filter { $0.scope.kind != .team && $0.scope.kind != .department }, resolution: .hour,
                                    path: directory.appendingPathComponent("hourly-fleet.sqlite").path)
        let perYear = { (bytes: Int) in Double(bytes) / Double(days) * 365 / 1e6 }
        print(String(format: "history: %d GPUs, %d teams, %d days, %d hourly rollups (%d scopes an hour), built in %.2f s",
                     gpus, teams, days, hours.count, hours.count / max(1, days * 24), built))
        print(String(format: "storage: hourly %.1f MB/yr, daily %.1f MB/yr; kept 13 months hourly + 5 years daily: %.0f MB",
                     perYear(hourly.bytes), perYear(daily.bytes), perYear(hourly.bytes) * 396 / 365 + perYear(daily.bytes) * 5))
        print(String(format: "review_storage_hourly_mb_per_year=%.1f", perYear(hourly.bytes)))
        let teamHourly = perYear(hourly.bytes) - perYear(fleetScopes.bytes)
        print(String(format: "tiered (team/department hours kept 35 days): hourly %.1f MB/yr without teams; kept: %.0f MB",
                     perYear(fleetScopes.bytes), perYear(fleetScopes.bytes) * 396 / 365 + teamHourly * 35 / 365 + perYear(daily.bytes) * 5))
        let targets = ReviewTargets(state: state)
        let month = ReviewPeriod(.month(year: 2026, month: 10)), quarter = ReviewPeriod(.lastDays(days: 92, end: Int(end)))
        for (name, period) in [("month", month), ("quarter", quarter)] {
            var times: [Double] = [], size = 0
            for _ in 0..<5 {
                times.append(try seconds {
                    let rollups = try daily.store.rollups(resolution: RollupResolution.day.seconds, from: Int64(period.start), to: Int64(period.end),
                                                          as: [KPIRollup].self).flatMap(\.value)
                    let pack = ReviewPack.derive(period: period, rollups: rollups, compare: (period.previous, []), targets: targets)
                    size = ReviewMarkdown.render(pack).utf8.count + ReviewHTML.render(pack).utf8.count + ReviewData.json(pack).utf8.count
                })
            }
            print("review \(name) (\(period.label)): read + derive + md/html/json (\(size) bytes), median of 5: " + String(format: "%.3f s", median(times)))
            print("review_\(name)_seconds=" + String(format: "%.3f", median(times)))
        }
        try timeReviewKeys(state: state, store: daily.store, month: month)
    } catch {
        print("review bench failed: \(error)")
        exit(1)
    }
}

/// `rollups` saved as the writer saves them (one row per period, every scope in it); the store and its file's bytes.
private func store(_ rollups: [KPIRollup], resolution: RollupResolution, path: String) throws -> (store: EventStore, bytes: Int) {
    let store = try EventStore(path: path)
    let rows = Dictionary(grouping: rollups, by: \.start).sorted { $0.key < $1.key }.map { (start: Int64($0.key), value: $0.value) }
    for chunk in stride(from: 0, to: rows.count, by: 240) {
        try store.saveRollups(Array(rows[chunk..<min(rows.count, chunk + 240)]), resolution: resolution.seconds, fence: nil)
    }
    let size = [path, path + "-wal"].reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1))?[.size] as? Int ?? 0) }
    return (store, size)
}

/// `:review`'s keys at this scale, as the dashboard handles them: a slide key is the key handled and the next frame
/// composed (100×30) from the pack in hand; a period key is the key handled, the new period's rollups read and its pack
/// derived (with the previous period to compare, as the loader does off the UI thread) and the frame composed.
private func timeReviewKeys(state: FleetState, store: EventStore, month: ReviewPeriod) throws {
    let targets = ReviewTargets(state: state)
    let kpis = FleetKPIs.derive(from: state, wallNow: state.now)
    var ui = UIState(pane: .review)
    ui.review.period = month
    ui.review.compare = .previous
    var ctx = FrameContext(state: state, kpis: kpis, theme: Theme.builtinDefault, wallNow: state.now, role: "bench", readOnly: false,
                           simulationSpeed: nil, notice: nil)
    func load() throws {
        let request = ReviewRequest(ui.review, fleetNow: state.now)
        ctx.review = .ready(request, try ReviewHistory.pack(period: request.period, compare: request.compare, asOf: request.asOf,
                                                             targets: targets, in: store))
    }
    try load()
    var slides: [Double] = [], periods: [Double] = []
    for i in 0..<40 {
        slides.append(seconds {
            UIController.handle(.key((i / 7) % 2 == 0 ? .right : .left), ui: &ui, ctx: ctx)  // 1 → 8 → 1 …
            _ = Screen.compose(ui: ui, ctx: ctx, width: 100, height: 30)
        })
    }
    for i in 0..<10 {
        periods.append(try seconds {
            UIController.handle(.key(.char(i % 2 == 0 ? "[" : "]")), ui: &ui, ctx: ctx)
            try load()
            _ = Screen.compose(ui: ui, ctx: ctx, width: 100, height: 30)
        })
    }
    print(String(format: "review keys at %d GPUs: slide key + frame median %.2f ms (max %.2f), period key + read + derive + frame median %.1f ms (max %.1f)",
                 state.gpus.count, median(slides) * 1000, (slides.max() ?? 0) * 1000, median(periods) * 1000, (periods.max() ?? 0) * 1000))
    print(String(format: "review_slide_key_ms=%.2f", median(slides) * 1000))
    print(String(format: "review_period_key_ms=%.1f", median(periods) * 1000))
}

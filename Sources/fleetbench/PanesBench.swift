import FleetCore
import FleetFeeds
import FleetPanes
import FleetTUI
import Foundation

/// Per pane at 160×50: composing the frame from state (building its rows included), and PgDn handled then the frame
/// composed again, on a fleet of `gpus` GPUs, `teams` teams, `jobs` live jobs and `requests` open requests.
/// With `cached`, frames share one `FrameCache`, as the dashboard's do; `pane_rebuild_ms` is a frame into an empty cache
/// (a pane opened on a new state: every row rebuilt), and `pane_tick_ms` the first frame after each of a few simulator
/// ticks (the state a tick later, its KPIs derived apart as the dashboard does), with the cache the frames before left.
/// With `only`, that pane alone.
func runPanesBench(gpus: Int, teams: Int, jobs: Int, requests: Int, cached: Bool, only: Pane? = nil) {
    let simulator = FleetSimulator(config: SimulatorConfig(seed: 1, gpuCount: gpus, teamCount: teams))
    var state = FleetState()
    state.apply(simulator.genesis())
    simulator.run(&state, until: simulator.config.epoch + 3600)
    let live = state.jobSlots.count { $0 != nil }
    state.apply((0..<max(0, jobs - live)).map { i in
        .jobSubmitted(JobSubmission(id: "bench-\(i)", name: "bench-\(i)", team: state.org.teams[i % state.org.teams.count].name,
                                    project: "p", priorityClass: state.priorityClasses[i % state.priorityClasses.count].name,
                                    gpus: 1 + i % 8, gpuModel: nil, submittedAt: state.now - Double(i % 3600)))
    })
    for i in 0..<requests {
        let team = state.org.teams[i % state.org.teams.count].name
        let draft = RequestDraft(kind: .quota, team: team, gpus: 1 + i % 8, hours: 2, justification: "bench \(i)", urgency: .normal)
        if case .success(let o) = Governance.file(draft, by: SimulatedOrg.requester(of: team), in: state, now: state.now) {
            state.apply(.governance(o.event))
        }
    }
    let kpis = FleetKPIs.derive(from: state, wallNow: state.now)
    print("fleetbench panes: \(state.gpus.count) GPUs, \(state.org.teams.count) teams, \(state.jobSlots.count { $0 != nil }) live jobs, "
          + "\(state.governance?.requests.count ?? 0) requests; 160x50, median ms" + (cached ? "" : ", no row cache"))
    let ctx = FrameContext(state: state, kpis: kpis, theme: Theme.builtinDefault, wallNow: state.now,
                           role: "writer", readOnly: false, simulationSpeed: nil, notice: nil, identity: "bench",
                           cache: cached ? FrameCache() : nil)
    // The contexts of the next simulator ticks: each changes telemetry, and some jobs start, end or arrive.
    var ticks: [FrameContext] = []
    var next = state
    for _ in 0..<7 {
        _ = simulator.step(&next)
        var tick = ctx
        tick.state = next
        tick.kpis = FleetKPIs.derive(from: next, wallNow: next.now)
        tick.wallNow = next.now
        ticks.append(tick)
    }
    for pane in Pane.allCases where only.map({ $0 == pane }) ?? true {
        var ui = UIState(pane: pane)
        UIController.handle(.resize(width: 160, height: 50), ui: &ui, ctx: ctx)
        let compose = timed { _ = Screen.compose(ui: ui, ctx: ctx, width: 160, height: 50) }
        let key = timed {
            UIController.handle(.key(.pageDown), ui: &ui, ctx: ctx)
            _ = Screen.compose(ui: ui, ctx: ctx, width: 160, height: 50)
        }
        print(String(format: "pane_compose_ms{pane=\"%@\"} %.3f", pane.rawValue, compose * 1000))
        print(String(format: "pane_key_ms{pane=\"%@\",key=\"PgDn\"} %.3f", pane.rawValue, key * 1000))
        // The first frame after the state changes (rows rebuilt): an empty cache, shared within the frame as the dashboard's is.
        let rebuild = timed {
            var fresh = ctx
            fresh.cache = cached ? FrameCache() : nil
            _ = Screen.compose(ui: ui, ctx: fresh, width: 160, height: 50)
        }
        print(String(format: "pane_rebuild_ms{pane=\"%@\"} %.3f", pane.rawValue, rebuild * 1000))
        // The frame after each tick, the cache warm from the frames of the state before.
        let tickCache = cached ? FrameCache() : nil
        var tickTimes: [Double] = []
        for (i, tick) in ([ctx] + ticks).enumerated() {
            var frame = tick
            frame.cache = tickCache
            let time = seconds { _ = Screen.compose(ui: ui, ctx: frame, width: 160, height: 50) }
            if i > 0 { tickTimes.append(time) }
        }
        print(String(format: "pane_tick_ms{pane=\"%@\"} %.3f", pane.rawValue, median(tickTimes) * 1000))
    }
}

/// The median of `body`'s run time: at least 5 runs, more while under half a second in all.
private func timed(_ body: () -> Void) -> Double {
    var times: [Double] = []
    while times.count < 5 || (times.reduce(0, +) < 0.5 && times.count < 200) { times.append(seconds(body)) }
    return median(times)
}

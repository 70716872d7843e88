import FleetCore
import FleetFeeds
import FleetPanes
import FleetTUI
import Foundation

// fleetbench: the performance figures of the foundation issue, measured in-process.
// Run in release mode: `swift run -c release fleetbench [--gpus N] [--teams N] [--jobs N]`;
// `fleetbench telemetry FILE [--rounds N]` measures exposition parse + apply (see scripts/bench-telemetry.sh);
// `fleetbench slurm FILE [--rounds N]` measures squeue --json read + parse + apply (see scripts/bench-slurm.sh);
// `fleetbench replay TRACE [--rounds N]` replays a whole trace at unlimited speed;
// `fleetbench chargeback [--teams 1000]` times a month's chargeback;
// `fleetbench review [--gpus 10000] [--teams 500] [--days 92]` stores simulated KPI history (bytes per year) and times a
// month's and a quarter's review pack (read, derive, render);
// `fleetbench forecast-eval [--trace F] [--genai F] [--series F]…` backtests the demand forecast (see scripts/bench-forecast.sh);
// `fleetbench forecast-fit [--trace F] [--series F]… [--rounds N]` times one refit of an 8-week hourly series;
// `fleetbench audit [--records 1000000] [--store PATH]` appends audit records to a temporary store and times verifying the chain;
// `fleetbench governance [--pending 10000] [--rounds 21]` times approve → visible in a second follower of the store;
// `fleetbench store --store postgresql://… [--pending 10000] [--rounds 21] [--events 10000] [--gpus 100000] [--watchers 50]
// [--cpu-seconds 20]` measures the shared store in an empty database (see scripts/bench-store.sh; `store-watchers` is its
// child process);
// `fleetbench panes [--gpus 100000] [--teams 500] [--jobs 50000] [--requests 10000] [--no-cache] [--pane NAME]` times each
// pane's frame and a PgDn; `--no-cache` derives every row each time, as a dashboard without a `FrameCache` would;
// `--pane` times that pane only (for a profiler);
// `fleetbench loop [--gpus 100000] [--teams 500] [--rounds 200000] [--chunk 10000]` runs the scheduler events through the
// writer loop into a temporary store (events applied/s and written/s);
// `fleetbench scale [--gpus 100000] [--teams 500] [--jobs 50000] [--warm-up-minutes 480]` builds, snapshots, follows,
// reopens and updates a store for an hour, times the simulator's warm-up of a new store (0 minutes: skipped), and prints
// the figures as `name value` lines (`scale-open --store PATH` is its child process).

func argument(_ name: String, default value: Int) -> Int {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else { return value }
    return v
}

/// Wall-clock seconds `body` takes.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

func residentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
    return kb / 1024
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "forecast-eval" {
    runForecastEval(arguments: CommandLine.arguments)
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "forecast-fit" {
    runForecastFitBench(arguments: CommandLine.arguments)
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "audit" {
    let args = CommandLine.arguments
    let store = args.firstIndex(of: "--store").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
    runAuditBench(records: argument("--records", default: 1_000_000), storePath: store)
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "governance" {
    runGovernanceBench(pending: argument("--pending", default: 10_000), rounds: argument("--rounds", default: 21))
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "store" || CommandLine.arguments[1] == "store-watchers" {
    let args = CommandLine.arguments
    guard let url = args.firstIndex(of: "--store").flatMap({ $0 + 1 < args.count ? args[$0 + 1] : nil }) else {
        print("usage: fleetbench store --store postgresql://… (an empty database; see scripts/bench-store.sh)")
        exit(2)
    }
    if args[1] == "store-watchers" {
        runStoreWatchers(url: url, count: argument("--watchers", default: 50))
    } else {
        runStoreBench(url: url, pending: argument("--pending", default: 10_000), rounds: argument("--rounds", default: 21),
                      events: argument("--events", default: 10_000), gpus: argument("--gpus", default: 100_000),
                      watchers: argument("--watchers", default: 50), cpuSeconds: argument("--cpu-seconds", default: 20))
    }
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "panes" {
    runPanesBench(gpus: argument("--gpus", default: 100_000), teams: argument("--teams", default: 500),
                  jobs: argument("--jobs", default: 50_000), requests: argument("--requests", default: 10_000),
                  cached: !CommandLine.arguments.contains("--no-cache"),
                  only: CommandLine.arguments.firstIndex(of: "--pane").flatMap { i in
                      i + 1 < CommandLine.arguments.count ? Pane(rawValue: CommandLine.arguments[i + 1]) : nil
                  })
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "loop" {
    runLoopBench(gpus: argument("--gpus", default: 100_000), teams: argument("--teams", default: 500),
                 rounds: argument("--rounds", default: 200_000), chunk: max(1, argument("--chunk", default: 10_000)))
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "scale" {
    runScaleBench(gpus: argument("--gpus", default: 100_000), teams: argument("--teams", default: 500),
                  jobs: argument("--jobs", default: 50_000), warmUpMinutes: argument("--warm-up-minutes", default: 480))
    exit(0)
}

if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "scale-open" {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: "--store"), i + 1 < args.count else {
        print("usage: fleetbench scale-open --store PATH")
        exit(2)
    }
    runScaleOpen(path: args[i + 1])
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "review" {
    runReviewBench(gpus: argument("--gpus", default: 10_000), teams: argument("--teams", default: 500), days: argument("--days", default: 92))
    exit(0)
}

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "chargeback" {
    runChargebackBench(teams: argument("--teams", default: 1000), jobsPerTeam: argument("--jobs-per-team", default: 30))
    exit(0)
}

if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "replay" {
    runReplayBench(path: CommandLine.arguments[2], rounds: argument("--rounds", default: 5))
    exit(0)
}

if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "slurm" {
    runSlurmBench(path: CommandLine.arguments[2], rounds: argument("--rounds", default: 3))
    exit(0)
}

if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "telemetry" {
    runTelemetryBench(path: CommandLine.arguments[2], rounds: argument("--rounds", default: 5))
    exit(0)
}

let gpuCount = argument("--gpus", default: 100_000)
let teamCount = argument("--teams", default: 500)
let jobTarget = argument("--jobs", default: 50_000)
print("fleetbench: \(gpuCount) GPUs, \(teamCount) teams, \(jobTarget) live jobs target")

// 1. Build the fleet: simulator genesis, one simulated hour (per-GPU history), then pending jobs up to the target.
let simulator = FleetSimulator(config: SimulatorConfig(seed: 1, gpuCount: gpuCount, teamCount: teamCount))
var state = FleetState()
let buildTime = seconds {
    state.apply(simulator.genesis())
    simulator.run(&state, until: simulator.config.epoch + 3600)
}
let live = state.jobSlots.count { $0 != nil }
var extra: [FleetEvent] = []
for i in 0..<max(0, jobTarget - live) {
    extra.append(.jobSubmitted(JobSubmission(id: "bench-\(i)", name: "bench-\(i)", team: state.org.teams[i % state.org.teams.count].name,
                                             project: "p", priorityClass: state.priorityClasses[i % 6].name, gpus: 1 + i % 8,
                                             gpuModel: nil, submittedAt: state.now - Double(i % 3600))))
}
state.apply(extra)
print(String(format: "state built in %.1f s: %d live jobs, %d GPUs, %.0f MB resident (one hour of per-GPU history)",
             buildTime, state.jobSlots.count { $0 != nil }, state.gpus.count, residentMB()))

// 2. Event throughput. (a) Scheduler-style events one by one: submit, start, pending reason, XID, end.
let base = state
var jobEvents: [FleetEvent] = []
let free = (0..<state.gpus.count).filter { state.gpus.allocatedSlot[$0] < 0 }.map(Int32.init)
let rounds = 200_000
jobEvents.reserveCapacity(rounds * 5)
for i in 0..<rounds {
    let id = "ev-\(i)"
    let t = state.now + Double(i) * 0.001
    let gpu = free.isEmpty ? Int32(0) : free[i % free.count]
    jobEvents.append(.jobSubmitted(JobSubmission(id: id, name: id, team: state.org.teams[i % teamCount].name, project: "p",
                                                 priorityClass: "research", gpus: 1, gpuModel: nil, submittedAt: t)))
    jobEvents.append(.jobPendingReason(id: id, reason: "Resources"))
    jobEvents.append(.jobStarted(id: id, at: t, gpus: [gpu]))
    jobEvents.append(.xid(gpu: gpu, code: 13, at: t))
    jobEvents.append(.jobEnded(id: id, at: t, outcome: .completed))
}
var rates: [Double] = []
for _ in 0..<3 {
    var s = base
    let t = seconds { s.apply(jobEvents) }
    rates.append(Double(jobEvents.count) / t)
}
print(String(format: "apply scheduler events: %.2f M events/s (median of 3 runs of %d events)", median(rates) / 1e6, jobEvents.count))

// (b) Telemetry: one DCGM scrape of every GPU per batch; each sample is one per-GPU reading.
var telemetry: [FleetEvent] = []
var probe = base
for _ in 0..<10 {
    let events = simulator.step(&probe)
    telemetry += events.filter { if case .telemetry = $0 { true } else { false } }
}
let samples = telemetry.reduce(0) { n, e in if case .telemetry(let b) = e { n + b.gpus.count } else { n } }
var sampleRates: [Double] = []
for _ in 0..<3 {
    var s = base
    let t = seconds { s.apply(telemetry) }
    sampleRates.append(Double(samples) / t)
}
print(String(format: "apply telemetry: %.2f M GPU samples/s (median of 3 runs, %d batches, %d samples)",
             median(sampleRates) / 1e6, telemetry.count, samples))

// 3. Overview frame: KPI derivation, and composing state → cell buffer at 160×50.
let (theme, _) = Theme.load(nameOrPath: "default", searchDirectories: [URL(fileURLWithPath: "themes")])
var deriveTimes: [Double] = []
var kpis = FleetKPIs.derive(from: state, wallNow: state.now)
for _ in 0..<50 { deriveTimes.append(seconds { kpis = FleetKPIs.derive(from: state, wallNow: state.now) }) }
let ctx = FrameContext(state: state, kpis: kpis, theme: theme, wallNow: state.now, role: "writer",
                       readOnly: false, simulationSpeed: 30, notice: nil)
var composeTimes: [Double] = []
var frame = CellBuffer(width: 1, height: 1)
for _ in 0..<300 { composeTimes.append(seconds { frame = Screen.compose(ui: UIState(), ctx: ctx, width: 160, height: 50) }) }
print(String(format: "overview compose 160x50: median %.3f ms (p95 %.3f ms, %d frames)", median(composeTimes) * 1000,
             composeTimes.sorted()[Int(Double(composeTimes.count) * 0.95)] * 1000, composeTimes.count))
print(String(format: "KPI derivation (runs when state changes, at most 4×/s): median %.2f ms", median(deriveTimes) * 1000))
print(String(format: "resident memory at end: %.0f MB", residentMB()))
_ = frame.width

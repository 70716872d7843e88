import FleetCore
import FleetFeeds
import FleetPanes
import FleetStore
import FleetTUI
import Foundation

/// `fleetbench scale`: the store at fleet scale, as `name value` lines.
///
/// In order: build a new store (genesis, one simulated hour of per-GPU history, pending jobs up to `jobs`, the first
/// snapshot); time snapshot writes; open it in a second process while this one holds it (a follower) and once more
/// after this one closed it (a reopen), each to its first composed overview frame; run one simulated hour of live
/// updates at unlimited speed into the store, snapshotting once per fleet minute as the writer does; apply scheduler
/// events for the throughput figure; last, time the simulator's warm-up of a new simulated store (`--warm-up-minutes`),
/// alone and as the dashboard runs it (to its first frame with a fleet, and to the stored fleet).
func runScaleBench(gpus: Int, teams: Int, jobs: Int, warmUpMinutes: Int) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fleetbench-scale-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("scale.sqlite").path
    do {
        let simulator = FleetSimulator(config: SimulatorConfig(seed: 1, gpuCount: gpus, teamCount: teams))
        var state = FleetState()
        var store: EventStore?
        let build = seconds {
            state.apply(simulator.genesis())
            simulator.run(&state, until: simulator.config.epoch + 3600)
            state.apply(pendingJobs(in: state, upTo: jobs))
            store = try? EventStore(path: path)
            try? store?.saveSnapshot(state, upToEventID: 0)
        }
        guard let store, try store.latestSnapshotPayload() != nil else { throw ScaleBenchError("building the store failed") }
        print("gpus \(state.gpus.count)")
        print("live_jobs \(state.jobSlots.count { $0 != nil })")
        print(String(format: "new_store_build_s %.2f", build))
        var writes: [Double] = []
        for _ in 0..<3 { writes.append(try timed { try store.saveSnapshot(state, upToEventID: 0) }) }
        print(String(format: "snapshot_write_s %.3f", median(writes)))
        print(String(format: "snapshot_encode_s %.3f", try timed { _ = try BinaryEncoder.encode(state) }))
        print("snapshot_bytes \(try store.latestSnapshotPayload()?.payload.count ?? 0)")

        let follower = try openInChild(store: path)
        print(String(format: "follower_first_frame_s %.3f", follower.firstFrame))
        print(String(format: "follower_rss_mb %.0f", follower.peakRSS))

        // One hour of live updates: a tick every 30 fleet seconds appended as it happens, a snapshot every fleet minute.
        var lastID: Int64 = 0
        let hourStart = DispatchTime.now().uptimeNanoseconds
        for tick in 1...120 {
            lastID = try store.append(simulator.step(&state))
            if tick % 2 == 0 {
                try store.saveSnapshot(state, upToEventID: lastID)
                try store.checkpoint()
            }
        }
        let hour = Double(DispatchTime.now().uptimeNanoseconds - hourStart) / 1e9
        print(String(format: "live_hour_s %.1f", hour))
        print("store_bytes_after_hour \(fileBytes(path) + store.walBytes)")
        print(String(format: "writer_rss_mb %.0f", peakResidentMB()))

        let reopen = try openInChild(store: path)
        print(String(format: "reopen_first_frame_s %.3f", reopen.firstFrame))
        print(String(format: "events_applied_per_s %.0f", schedulerEventRate(state, teams: state.org.teams.count)))
        if warmUpMinutes > 0 {
            print("warm_up_\(warmUpMinutes)_min_s " + String(format: "%.1f", warmUp(gpus: gpus, teams: teams, minutes: warmUpMinutes)))
            let dashboard = try newStoreFirstFleetFrame(gpus: gpus, teams: teams, minutes: warmUpMinutes, in: dir)
            print(String(format: "new_store_first_fleet_frame_s %.2f", dashboard.firstFrame))
            print(String(format: "new_store_stored_fleet_s %.1f", dashboard.stored))
        }
    } catch {
        print("fleetbench scale: \(error)")
        exit(1)
    }
}

/// `fleetbench scale-open --store PATH` (run by `scale`): open the store as a dashboard does — newest snapshot, the
/// events after it, KPIs, one overview frame — and print the time that took and this process's peak RSS.
func runScaleOpen(path: String) {
    do {
        var frame = CellBuffer(width: 1, height: 1)
        let time = try timed {
            let store = try EventStore(path: path, readOnly: true)
            var state = FleetState()
            var after: Int64 = 0
            if let snapshot = try store.latestSnapshot(as: FleetState.self) {
                state = snapshot.state
                after = snapshot.eventID
            }
            while true {
                let batch = try store.events(after: after, limit: 5000, as: FleetEvent.self)
                guard let last = batch.last else { break }
                state.apply(batch.map { $0.1 })
                after = last.0
            }
            let kpis = FleetKPIs.derive(from: state, wallNow: state.now)
            let (theme, _) = Theme.load(nameOrPath: "default", searchDirectories: [])
            let ctx = FrameContext(state: state, kpis: kpis, theme: theme, wallNow: state.now, role: "follower",
                                   readOnly: true, simulationSpeed: nil, notice: nil)
            frame = Screen.compose(ui: UIState(), ctx: ctx, width: 160, height: 50)
        }
        guard frame.width == 160 else { throw ScaleBenchError("no frame") }
        print(String(format: "first_frame_s %.4f", time))
        print(String(format: "peak_rss_mb %.1f", peakResidentMB()))
    } catch {
        print("fleetbench scale-open: \(error)")
        exit(1)
    }
}

private struct ScaleBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Pending jobs that bring the live jobs up to `target`, spread over teams and priority classes.
private func pendingJobs(in state: FleetState, upTo target: Int) -> [FleetEvent] {
    let live = state.jobSlots.count { $0 != nil }
    let classes = state.priorityClasses
    return (0..<max(0, target - live)).map { i in
        .jobSubmitted(JobSubmission(id: "scale-\(i)", name: "scale-\(i)", team: state.org.teams[i % state.org.teams.count].name,
                                    project: "p", priorityClass: classes[i % classes.count].name, gpus: 1 + i % 8, gpuModel: nil,
                                    submittedAt: state.now - Double(i % 3600)))
    }
}

/// Scheduler events (submit, pending reason, start, XID, end) applied one by one, per second; median of 3 runs.
private func schedulerEventRate(_ base: FleetState, teams: Int) -> Double {
    let free = (0..<base.gpus.count).filter { base.gpus.allocatedSlot[$0] < 0 }.map(Int32.init)
    var events: [FleetEvent] = []
    events.reserveCapacity(1_000_000)
    for i in 0..<200_000 {
        let id = "ev-\(i)", t = base.now + Double(i) * 0.001
        let gpu = free.isEmpty ? Int32(0) : free[i % free.count]
        events.append(.jobSubmitted(JobSubmission(id: id, name: id, team: base.org.teams[i % teams].name, project: "p",
                                                  priorityClass: base.priorityClasses[0].name, gpus: 1, gpuModel: nil, submittedAt: t)))
        events.append(.jobPendingReason(id: id, reason: "Resources"))
        events.append(.jobStarted(id: id, at: t, gpus: [gpu]))
        events.append(.xid(gpu: gpu, code: 13, at: t))
        events.append(.jobEnded(id: id, at: t, outcome: .completed))
    }
    var rates: [Double] = []
    for _ in 0..<3 {
        var s = base
        rates.append(Double(events.count) / seconds { s.apply(events) })
    }
    return median(rates)
}

/// Seconds the simulator feed's warm-up of a new store takes (genesis and `minutes` of fleet history), as the
/// dashboard and `collect` run it on a new store.
private func warmUp(gpus: Int, teams: Int, minutes: Int) -> Double {
    let simulator = FleetSimulator(config: SimulatorConfig(seed: 1, gpuCount: gpus, teamCount: teams))
    let feed = SimulatorFeed(simulator: simulator, speed: 1, warmupSeconds: Double(minutes) * 60)
    var made: FleetState?
    let time = seconds { made = feed.warmUp?(FleetState(), WarmUpProgress()) }
    return made?.gpus.count == gpus ? time : .nan
}

/// Runs `fleetbench scale-open` on `store` and reads its two figures.
private func openInChild(store: String) throws -> (firstFrame: Double, peakRSS: Double) {
    let process = Process()
    // This very binary, however it was started (Linux).
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = ["scale-open", "--store", store]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    var figures: [String: Double] = [:]
    for line in output.split(separator: "\n") {
        let parts = line.split(separator: " ")
        if parts.count == 2, let v = Double(parts[1]) { figures[String(parts[0])] = v }
    }
    guard let frame = figures["first_frame_s"], let rss = figures["peak_rss_mb"] else {
        throw ScaleBenchError("scale-open failed: \(output)")
    }
    return (frame, rss)
}

private func timed(_ body: () throws -> Void) throws -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

private func fileBytes(_ path: String) -> Int64 {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
}

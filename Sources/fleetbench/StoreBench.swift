import FleetCore
import FleetFeeds
import FleetStore
import FleetStorePostgres
import FleetWriter
import Foundation
import Synchronization

/// `fleetbench store --store postgresql://…`: the shared store's figures (issue #15), as `name value` lines, in an empty
/// database (scripts/bench-store.sh starts a throwaway server for it).
///
/// In order: approve → seen by a second store's watcher and applied by its follower, with `pending` open requests;
/// a follower's catch-up of `events` events; the reopen of a `gpus`-GPU fleet (newest snapshot → state); the collector's
/// CPU with `watchers` followers (another process) and with none.
func runStoreBench(url text: String, pending: Int, rounds: Int, events: Int, gpus: Int, watchers: Int, cpuSeconds: Int) {
    do {
        let url = try PostgresURL(parsing: text)
        let store = try PostgresEventStore(url: url)
        guard try store.lastEventID() == 0, try store.latestSnapshotPayload() == nil else {
            throw StoreBenchError("\(url) already holds a store: give an empty database (scripts/bench-store.sh makes one)")
        }
        let (snapshot, backlog) = try fileBacklog(store, pending: pending)
        var (state, last) = backlog
        try decisionLatency(store, url: url, state: &state, last: &last, pending: pending, rounds: rounds)
        try catchUp(store, url: url, snapshot: snapshot, state: state, last: last, events: events)
        try reopen(store, url: url, gpus: gpus)
        try collectorCPU(store, urlText: text, watchers: watchers, seconds: cpuSeconds)
    } catch {
        print("fleetbench store: \(error)")
        exit(1)
    }
}

/// `fleetbench store-watchers --store URL --watchers N` (run by `store`): N followers, each with its own watcher and
/// state (from the newest snapshot), applying what the collector writes until killed.
func runStoreWatchers(url text: String, count: Int) {
    do {
        let url = try PostgresURL(parsing: text)
        var running: [any StoreWatching] = []
        for _ in 0..<count {
            let store = try PostgresEventStore(url: url)
            guard let snapshot = try store.latestSnapshot(as: FleetState.self) else { throw StoreBenchError("no snapshot to follow") }
            let follower = BenchFollower(store: store, state: snapshot.state, after: snapshot.eventID)
            let watcher = try store.makeWatcher(interval: 0.1) { _ in follower.wake() }
            watcher.start()
            running.append(watcher)
        }
        // Unbuffered: the parent waits for this line.
        FileHandle.standardOutput.write(Data("ready \(running.count)\n".utf8))
        while true { Thread.sleep(forTimeInterval: 3600) }
    } catch {
        print("fleetbench store-watchers: \(error)")
        exit(1)
    }
}

/// A default simulated fleet, snapshotted, with `pending` requests filed in batches of 1,000 (each with its audit); the
/// snapshot's state, and the state and last id after the filing.
private func fileBacklog(_ store: PostgresEventStore, pending: Int) throws -> (FleetState, (FleetState, Int64)) {
    let simulator = FleetSimulator(config: SimulatorConfig(seed: 7))
    var state = FleetState()
    state.apply(simulator.genesis())
    simulator.run(&state, until: simulator.config.epoch + 3600)
    try store.saveSnapshot(state, upToEventID: 0, fence: nil)
    let snapshot = state
    let now = Date().timeIntervalSince1970
    var last: Int64 = 0
    let time = try seconds { try fileRequests(store, state: &state, last: &last, pending: pending, now: now) }
    print("pending_requests \(state.governance?.requests.count { $0.status == .pending } ?? 0)")
    print(String(format: "file_backlog_s %.2f", time))
    return (snapshot, (state, last))
}

/// Approves on `store` (decide on the newest state, commit event + audit durably) and times, from the start of the
/// decision, until a second store's watcher reports it and until that follower's state shows it approved.
private func decisionLatency(_ store: PostgresEventStore, url: PostgresURL, state: inout FleetState, last: inout Int64,
                             pending: Int, rounds: Int) throws {
    let other = try PostgresEventStore(url: url)
    var followed = state, followedID = last
    let reported = DispatchSemaphore(value: 0), reportedAt = Atomic<UInt64>(0)
    let watcher = try other.makeWatcher(interval: 0.1) { _ in
        reportedAt.store(DispatchTime.now().uptimeNanoseconds, ordering: .releasing)
        reported.signal()
    }
    watcher.start()
    defer { watcher.stop() }
    Thread.sleep(forTimeInterval: 0.5)
    var decide: [Double] = [], notified: [Double] = [], visible: [Double] = []
    for round in 0..<rounds {
        while reported.wait(timeout: .now()) == .success {}
        let id = "R-\(1 + round * 37 % pending)"
        let started = DispatchTime.now().uptimeNanoseconds
        let approved = try store.decide(state: &state, lastEventID: &last, as: FleetEvent.self, apply: { $0.apply($1) }) { s in
            guard case .success(let o) = Governance.act(.approve, on: id, by: "bench-approver", reason: "bench", in: s,
                                                         now: Date().timeIntervalSince1970) else { return (nil, false) }
            return (try auditedWrite([o]), true)
        }
        decide.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        guard approved else { throw StoreBenchError("approving \(id) failed") }
        guard reported.wait(timeout: .now() + 5) == .success else { throw StoreBenchError("no notification within 5 s") }
        notified.append(Double(reportedAt.load(ordering: .acquiring) - started) / 1e6)
        for (eventID, event) in try other.events(after: followedID, limit: 10_000, as: FleetEvent.self) {
            followed.apply(event)
            followedID = eventID
        }
        guard followed.governance?.request(id)?.status == .approved else { throw StoreBenchError("\(id) not approved in the follower") }
        visible.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
    }
    print(String(format: "approve_decide_commit_ms_median %.2f", median(decide)))
    print(String(format: "approve_to_watcher_ms_median %.2f", median(notified)))
    print(String(format: "approve_to_follower_state_ms_median %.2f", median(visible)))
    print(String(format: "approve_to_follower_state_ms_max %.2f", visible.max() ?? .nan))
}

/// A new follower's catch-up from its cursor: first the backlog of filed requests (small governance events, from the
/// snapshot), then `events` simulator events (telemetry batches, a few kB each) appended after `last`. Each is timed
/// whole (fetch, decode, apply) and as fetch only and fetch + decode, to say where the time goes.
private func catchUp(_ store: PostgresEventStore, url: PostgresURL, snapshot: FleetState, state: FleetState, last: Int64,
                     events: Int) throws {
    let follower = try PostgresEventStore(url: url)
    try timeCatchUp(follower, name: "requests", from: snapshot, after: 0, expecting: Int(last))
    let simulator = FleetSimulator(config: SimulatorConfig(seed: 7))
    var writer = state, appended = 0
    while appended < events {
        let batch = Array(simulator.step(&writer).prefix(events - appended))
        _ = try store.append(batch, fence: nil)
        appended += batch.count
    }
    try timeCatchUp(follower, name: "simulator", from: state, after: last, expecting: events)
}

private func timeCatchUp(_ follower: PostgresEventStore, name: String, from state: FleetState, after: Int64,
                         expecting: Int) throws {
    var bytes = 0, read = 0
    var followed = state
    /// Reads everything after `after` in pages of 5,000; `use` gets each page's payloads.
    func pages(_ use: ([(id: Int64, payload: Data)]) throws -> Void) throws -> Double {
        var cursor = after
        return try seconds {
            while true {
                let batch = try follower.eventPayloads(after: cursor, limit: 5000)
                guard let newest = batch.last else { break }
                try use(batch)
                cursor = newest.id
            }
        }
    }
    let fetch = try pages { batch in bytes += batch.reduce(0) { $0 + $1.payload.count } }
    let decoder = StoreCoding.EventDecoder()  // the stores' own: binary events, JSON ones of older stores
    let decode = try pages { batch in read += try batch.map { try decoder.decode(FleetEvent.self, from: $0.payload) }.count }
    let whole = try pages { batch in followed.apply(try batch.map { try decoder.decode(FleetEvent.self, from: $0.payload) }) }
    guard read == expecting else { throw StoreBenchError("the follower read \(read) \(name) events of \(expecting)") }
    print("catch_up_\(name)_events \(read)")
    print("catch_up_\(name)_bytes \(bytes)")
    print(String(format: "catch_up_\(name)_s %.3f", whole))
    print(String(format: "catch_up_\(name)_fetch_only_s %.3f", fetch))
    print(String(format: "catch_up_\(name)_fetch_decode_s %.3f", decode))
}

/// Snapshots a `gpus`-GPU fleet and times a new store's open, snapshot load and decode into a state.
private func reopen(_ store: PostgresEventStore, url: PostgresURL, gpus: Int) throws {
    let simulator = FleetSimulator(config: SimulatorConfig(seed: 1, gpuCount: gpus, teamCount: max(20, gpus / 200)))
    var state = FleetState()
    state.apply(simulator.genesis())
    simulator.run(&state, until: simulator.config.epoch + 3600)
    let last = try store.lastEventID()
    try store.saveSnapshot(state, upToEventID: last, fence: nil)
    var times: [Double] = []
    var reopened = 0
    for _ in 0..<3 {
        times.append(try seconds {
            let fresh = try PostgresEventStore(url: url)
            guard let snapshot = try fresh.latestSnapshot(as: FleetState.self) else { throw StoreBenchError("no snapshot") }
            var state = snapshot.state
            state.apply(try fresh.events(after: snapshot.eventID, limit: 5000, as: FleetEvent.self).map(\.event))
            reopened = state.gpus.count
            fresh.close()
        })
    }
    guard reopened == gpus else { throw StoreBenchError("reopened \(reopened) GPUs of \(gpus)") }
    print("reopen_gpus \(reopened)")
    print("snapshot_bytes \(try store.latestSnapshotPayload()?.payload.count ?? 0)")
    print(String(format: "reopen_s_median %.3f", median(times)))
}

/// The collector's CPU (this process: a writer renewing its lease and appending a 10,000-GPU simulator step each
/// second) over `seconds`, alone and with `watchers` followers (a child process, each follower starting from the
/// snapshot), alternating alone / followed twice so that drift of the shared machine falls on both.
private func collectorCPU(_ store: PostgresEventStore, urlText: String, watchers: Int, seconds: Int) throws {
    let fence = try store.takeWriterLease(owner: "bench-collector", ttl: 5)
    guard let fence else { throw StoreBenchError("the writer lease is held") }
    let simulator = FleetSimulator(config: SimulatorConfig(seed: 3, gpuCount: 10_000, teamCount: 50))
    var state = FleetState()
    state.apply(simulator.genesis())
    try store.saveSnapshot(state, upToEventID: try store.lastEventID(), fence: fence)
    var lease = LeaseKeeper(store: store, owner: "bench-collector", fence: fence, ttl: 5)
    func collect() throws -> Double {
        let before = cpuSeconds(), started = Date().timeIntervalSince1970
        var nextStep = started
        while Date().timeIntervalSince1970 - started < Double(seconds) {
            let now = Date().timeIntervalSince1970
            guard lease.renewIfDue(now: now) == .held else { throw StoreBenchError("lost the writer lease") }
            if now >= nextStep {
                _ = try store.append(simulator.step(&state), fence: fence)
                nextStep += 1
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return (cpuSeconds() - before) / Double(seconds) * 100
    }
    func collectFollowed() throws -> Double {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["store-watchers", "--store", urlText, "--watchers", "\(watchers)"]
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        defer {
            child.terminate()
            child.waitUntilExit()
        }
        let ready = pipe.fileHandleForReading.availableLine(timeout: 120)
        guard ready?.hasPrefix("ready") == true else { throw StoreBenchError("store-watchers did not start: \(ready ?? "nothing")") }
        return try collect()
    }
    var alone: [Double] = [], followed: [Double] = []
    for _ in 0..<2 {
        alone.append(try collect())
        followed.append(try collectFollowed())
    }
    let (a, f) = (alone.reduce(0, +) / 2, followed.reduce(0, +) / 2)
    print("collector_cpu_percent_alone " + alone.map { String(format: "%.2f", $0) }.joined(separator: ","))
    print("collector_cpu_percent_with_\(watchers)_watchers " + followed.map { String(format: "%.2f", $0) }.joined(separator: ","))
    print(String(format: "collector_cpu_increase_percent %.1f", (f - a) / a * 100))
}

/// Woken by its watcher, reads and applies what was appended after its cursor, on a thread of its own.
private final class BenchFollower: Sendable {
    private let pending = DispatchSemaphore(value: 0)

    init(store: PostgresEventStore, state: FleetState, after: Int64) {
        Thread { [pending] in
            var cursor = after
            var state = state
            while true {
                pending.wait()
                while let batch = try? store.events(after: cursor, limit: 5000, as: FleetEvent.self), let last = batch.last {
                    state.apply(batch.map(\.event))
                    cursor = last.id
                }
            }
        }.start()
    }

    func wake() { pending.signal() }
}

/// User + system CPU seconds of this process so far.
private func cpuSeconds() -> Double {
    Double(clock()) / Double(CLOCKS_PER_SEC)
}

private struct StoreBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension FileHandle {
    /// The first line written to this pipe, waiting at most `timeout` seconds (nil if none came).
    fileprivate func availableLine(timeout: TimeInterval) -> String? {
        let line = Mutex<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread { [self] in
            var bytes = Data()
            while let chunk = try? read(upToCount: 1), let byte = chunk.first, byte != UInt8(ascii: "\n") { bytes.append(byte) }
            line.withLock { $0 = String(decoding: bytes, as: UTF8.self) }
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
        return line.withLock { $0 }
    }
}

import FleetCore
import FleetFeeds
import FleetStore
import FleetWriter
import Foundation

/// Hands the writer loop prepared chunks of events, one chunk per step, timing the applications.
private final class PreparedFeed: Feed {
    let chunks: [[FleetEvent]]
    private(set) var next = 0
    private(set) var applySeconds = 0.0

    init(chunks: [[FleetEvent]]) { self.chunks = chunks }

    var name: String { "bench" }
    var kind: String { "bench" }
    /// Always due: the loop steps it as often as a turn allows.
    var interval: Double { 0 }
    var finished: Bool { next >= chunks.count }

    func step(now: Double, into batch: inout EventBatch) throws {
        guard next < chunks.count else { return }
        let chunk = chunks[next]
        applySeconds += seconds { batch.emit(contentsOf: chunk) }
        next += 1
    }
}

/// `fleetbench loop`: the scheduler events of the main benchmark (submit, pending reason, start, XID, end) through
/// the writer loop into a new store in a temporary directory, `chunk` events per step. Prints `name value` lines:
/// events applied per second (time inside the loop's one application) and written per second (whole turns: apply,
/// encode, insert, commit).
func runLoopBench(gpus: Int, teams: Int, rounds: Int, chunk: Int) {
    let simulator = FleetSimulator(config: SimulatorConfig(seed: 1, gpuCount: gpus, teamCount: teams))
    var state = FleetState()
    state.apply(simulator.genesis())
    simulator.run(&state, until: simulator.config.epoch + 3600)
    let free = (0..<state.gpus.count).filter { state.gpus.allocatedSlot[$0] < 0 }.map(Int32.init)
    var events: [FleetEvent] = []
    events.reserveCapacity(rounds * 5)
    for i in 0..<rounds {
        let id = "ev-\(i)", t = state.now + Double(i) * 0.001
        let gpu = free.isEmpty ? Int32(0) : free[i % free.count]
        events.append(.jobSubmitted(JobSubmission(id: id, name: id, team: state.org.teams[i % state.org.teams.count].name, project: "p",
                                                  priorityClass: "research", gpus: 1, gpuModel: nil, submittedAt: t)))
        events.append(.jobPendingReason(id: id, reason: "Resources"))
        events.append(.jobStarted(id: id, at: t, gpus: [gpu]))
        events.append(.xid(gpu: gpu, code: 13, at: t))
        events.append(.jobEnded(id: id, at: t, outcome: .completed))
    }
    let chunks = stride(from: 0, to: events.count, by: chunk).map { Array(events[$0..<min($0 + chunk, events.count)]) }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleetbench-loop-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try EventStore(path: directory.appendingPathComponent("bench.sqlite").path)
        let now = Date()
        guard let fence = try store.takeWriterLease(owner: "fleetbench", now: now, ttl: 60) else { return print("lease held") }
        let feed = PreparedFeed(chunks: chunks)
        let before = state.version
        let loop = WriterLoop(lease: LeaseKeeper(store: store, owner: "fleetbench", fence: fence, ttl: 60), state: state,
                              lastEventID: 0, feeds: [feed], now: now.timeIntervalSince1970, snapshotInterval: .infinity)
        state = FleetState()  // the loop holds the only copy
        let wall = seconds { while !feed.finished { loop.turn(now: Date().timeIntervalSince1970) } }
        let applied = loop.state.version - before, written = try store.lastEventID()
        guard applied == UInt64(events.count), written == Int64(events.count) else {
            return print("loop wrote \(written) events and applied \(applied), expected \(events.count) each")
        }
        print("loop_gpus \(loop.state.gpus.count)")
        print("loop_events \(events.count)")
        print(String(format: "loop_events_applied_per_s %.0f", Double(events.count) / feed.applySeconds))
        print(String(format: "loop_events_written_per_s %.0f", Double(events.count) / wall))
        print(String(format: "loop_applications_per_event %.2f", Double(applied) / Double(events.count)))
    } catch {
        print("loop bench failed: \(error)")
    }
}

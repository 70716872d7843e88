import FleetCore
import FleetFeeds
import FleetPanes
import FleetStore
import FleetTUI
import Foundation
import Synchronization

/// Approve-to-visible latency: a store with `pending` open requests; one connection approves (decide on the newest
/// state, commit event + audit, fsynced) while a second one follows the store like a dashboard does (the
/// `StoreWatcher` polls every 100 ms, the UI loop pumps at least every 100 ms) and notes when the decision shows.
func runGovernanceBench(pending: Int, rounds: Int) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fleetbench-gov-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("gov.sqlite").path
    do {
        let store = try EventStore(path: path)
        let simulator = FleetSimulator(config: SimulatorConfig(seed: 7))
        var state = FleetState()
        state.apply(simulator.genesis())
        simulator.run(&state, until: simulator.config.epoch + 3600)
        try store.saveSnapshot(state, upToEventID: 0)
        let now = Date().timeIntervalSince1970
        // File the backlog in batches, each request with its audit record, as `fleetdeck request override` would.
        var last: Int64 = 0
        let fileTime = try seconds { try fileRequests(store, state: &state, last: &last, pending: pending, now: now) }
        print(String(format: "filed %d pending requests in %.2f s (batches of 1,000, each with its audit records)", pending, fileTime))

        // The follower: its own connection, state and watcher.
        let follower = try EventStore(path: path)
        var followed = state
        var followedID = last
        let changed = Atomic<Bool>(false)
        let watcher = try StoreWatcher(store: follower) { _ in changed.store(true, ordering: .relaxed) }
        watcher.start()
        defer { watcher.stop() }
        var latencies: [Double] = [], decideTimes: [Double] = []
        for round in 0..<rounds {
            let id = "R-\(1 + round * 37 % pending)"
            let started = Date().timeIntervalSince1970
            var decided = 0.0
            decideTimes.append(seconds {
                let result = try? store.decide(state: &state, lastEventID: &last, as: FleetEvent.self, apply: { $0.apply($1) }) { s in
                    guard case .success(let o) = Governance.act(.approve, on: id, by: "bench-approver", reason: "bench", in: s,
                                                                 now: Date().timeIntervalSince1970) else { return (nil, false) }
                    return (try auditedWrite([o]), true)
                }
                decided = result == true ? 1 : 0
            })
            guard decided == 1 else { print("approve \(id) failed"); return }
            // The dashboard loop: wake at least every 100 ms, catch up when the watcher said something changed.
            while true {
                Thread.sleep(forTimeInterval: 0.1)
                guard changed.exchange(false, ordering: .relaxed) else { continue }
                for (eventID, event) in try follower.events(after: followedID, limit: 10_000, as: FleetEvent.self) {
                    followed.apply(event)
                    followedID = eventID
                }
                if followed.governance?.request(id)?.status == .approved {
                    latencies.append(Date().timeIntervalSince1970 - started)
                    break
                }
            }
        }
        print(String(format: "approve (decide + fsynced commit): median %.1f ms", median(decideTimes) * 1000))
        let kpis = FleetKPIs.derive(from: followed, wallNow: Date().timeIntervalSince1970)
        let ctx = FrameContext(state: followed, kpis: kpis, theme: Theme.builtinDefault, wallNow: Date().timeIntervalSince1970,
                               role: "follower", readOnly: false, simulationSpeed: nil, notice: nil, identity: "bench")
        let compose = (0..<5).map { _ in seconds { _ = Screen.compose(ui: UIState(pane: .approvals), ctx: ctx, width: 160, height: 50) } }
        print(String(format: "compose :approvals at 160×50 with %d requests: median %.1f ms", pending, median(compose) * 1000))
        print(String(format: "approve → visible in a second follower, %d rounds with %d pending: median %.0f ms, max %.0f ms",
                     rounds, pending, median(latencies) * 1000, (latencies.max() ?? 0) * 1000))
    } catch {
        print("governance bench failed: \(error)")
    }
}

/// The events and audit bodies of `outcomes` (as the CLI writes them).
func auditedWrite(_ outcomes: [GovernanceOutcome]) throws -> StoreWrite<FleetEvent> {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return StoreWrite(events: outcomes.map { .governance($0.event) }, audit: try outcomes.map { try encoder.encode($0.audit) })
}

/// Files `pending` quota requests in batches of 1,000, each request with its audit record, as `fleetdeck request`
/// would; `state` and `last` come back current.
func fileRequests(_ store: any EventStoring, state: inout FleetState, last: inout Int64, pending: Int, now: Double) throws {
    var filed = 0
    while filed < pending {
        try store.decide(state: &state, lastEventID: &last, as: FleetEvent.self, apply: { $0.apply($1) }) { s in
            var s = s, outcomes: [GovernanceOutcome] = []
            for i in filed..<min(pending, filed + 1000) {
                let team = s.org.teams[i % s.org.teams.count].name
                let draft = RequestDraft(kind: .quota, team: team, gpus: 1 + i % 8, hours: 2, justification: "bench \(i)", urgency: .normal)
                guard case .success(let o) = Governance.file(draft, by: SimulatedOrg.requester(of: team), in: s, now: now) else { continue }
                s.apply(.governance(o.event))
                outcomes.append(o)
            }
            return (try auditedWrite(outcomes), ())
        }
        filed += 1000
    }
}

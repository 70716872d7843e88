import FleetCore
import FleetFeeds
import Foundation

/// `fleetbench replay FILE`: read a trace and replay all of it at unlimited speed into fleet state.
func runReplayBench(path: String, rounds: Int) {
    var times: [Double] = []
    var summary = ""
    for _ in 0..<max(1, rounds) {
        let start = DispatchTime.now().uptimeNanoseconds
        let trace: ReplayTrace
        switch TraceLoader.load(path: path) {
        case .success(let t): trace = t
        case .failure(let e): fatalError("fleetbench: \(path): \(e)")
        }
        var replayer = TraceReplayer(trace: trace, epoch: 1_688_169_600)
        var state = FleetState()
        state.apply(replayer.genesis(policy: SimulatedOrg.demoPolicy()))
        let events = replayer.events(upTo: .infinity)
        state.apply(events)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        let live = state.jobSlots.count { $0 != nil }
        summary = "\(trace.jobs.count) jobs, \(trace.nodes.count) nodes, \(events.count) events; at the end \(live) live jobs, "
            + "\(state.jobTotals.completed) completed, \(state.jobTotals.failed) failed, \(state.jobTotals.cancelled) cancelled; "
            + "\(replayer.unplaced) started without room"
    }
    print("replay of \(path): \(summary)")
    print(String(format: "replay_seconds=%.4f (median of %d, read + parse + place + apply)", median(times), times.count))
}

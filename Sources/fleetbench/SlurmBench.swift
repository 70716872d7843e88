import FleetCore
import FleetFeeds
import Foundation

/// `fleetbench slurm FILE`: read a `squeue --json` document, map its jobs and apply them into fleet state.
///
/// The first round sees every job as new (50,000 submissions); later rounds re-read the same file into the
/// resulting state, the steady case of a poll where little changed. Each round includes reading the file.
func runSlurmBench(path: String, rounds: Int) {
    var state = FleetState()
    state.apply(.policyDefined(SimulatedOrg.demoPolicy()))
    var ingest = SchedulerIngest(state: state)
    var times: [(read: Double, parse: Double, apply: Double)] = []
    var jobs = 0, problems = 0, events = 0
    for round in 0...rounds {
        let t0 = DispatchTime.now().uptimeNanoseconds
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("fleetbench: cannot read \(path)") }
        let t1 = DispatchTime.now().uptimeNanoseconds
        let snapshot: SchedulerSnapshot
        switch SlurmJSON.parse(data) {
        case .success(let s): snapshot = s
        case .failure(let e): fatalError("fleetbench: \(path): \(e)")
        }
        let t2 = DispatchTime.now().uptimeNanoseconds
        let out = ingest.events(for: snapshot, source: "bench", at: 1_900_000_000 + Double(round) * 30)
        let t3 = DispatchTime.now().uptimeNanoseconds
        jobs = snapshot.jobs?.count ?? 0
        problems = snapshot.problems.count
        events = out.count
        times.append((Double(t1 - t0) / 1e9, Double(t2 - t1) / 1e9, Double(t3 - t2) / 1e9))
        if round == 0 {
            print(String(format: "first read (%d jobs new, %d events): read %.3f s + parse %.3f s + apply %.3f s",
                         jobs, events, times[0].read, times[0].parse, times[0].apply))
        }
    }
    let steady = times.dropFirst()
    let total = median(steady.map { $0.read + $0.parse + $0.apply })
    let first = times[0].read + times[0].parse + times[0].apply
    let live = ingest.state.jobSlots.count { $0 != nil }
    print(String(format: "steady re-read (median of %d): read %.3f s + parse %.3f s + apply %.3f s = %.3f s (%d events)",
                 rounds, median(steady.map(\.read)), median(steady.map(\.parse)), median(steady.map(\.apply)), total, events))
    print("jobs in file: \(jobs); live jobs in state: \(live); mapping problems: \(problems)")
    print(String(format: "slurm_first_parse_apply_seconds=%.4f", first))
    print(String(format: "slurm_parse_apply_seconds=%.4f", total))
    print(String(format: "peak_rss_bytes=%.0f", peakResidentMB() * 1024 * 1024))
}

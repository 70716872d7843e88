import FleetCore
import FleetFeeds
import Foundation

/// `fleetbench chargeback --teams N`: a month of job history for N teams (3 projects each) on 20,000 GPUs,
/// then the month's chargeback lines (ledger + running jobs), timed.
func runChargebackBench(teams: Int, jobsPerTeam: Int) {
    let start = 1_793_491_200.0  // 2026-11-01 00:00 UTC
    let gpusPerNode = 8, nodes = 2500
    let pools = ["on-prem", "reserved", "on-demand", "spot"].map { p in
        Pool(name: "pool-\(p)", cluster: 0, purchase: PurchaseOption(rawValue: p) ?? .onPrem)
    }
    let spec = FleetSpec(name: "bench", clusters: [Cluster(name: "c", region: "us-east-1")], pools: pools,
                         models: [GPUModel(name: "H100", memoryMiB: 80_000, tdpWatts: 700)],
                         nodes: (0..<nodes).map { NodeSpec(name: "n\($0)", pool: $0 % 4, model: 0, gpuCount: gpusPerNode, zone: "",
                                                          gpuUUIDs: []) })
    let org = OrgSpec(name: "bench", departments: [Department(name: "d", costCenter: "cc")],
                      teams: (0..<teams).map { Team(name: "team-\($0)", department: 0, costCenter: "cc-\($0 % 50)", quotaGPUs: 16,
                                                    borrowingLimitGPUs: 8, monthlyBudget: 100_000,
                                                    projects: ["p0", "p1", "p2"]) })
    var state = FleetState()
    state.apply([.clock(at: start), .fleetDefined(spec), .orgDefined(org), .policyDefined(SimulatedOrg.demoPolicy())])
    // Jobs back to back on each team's own GPU range, ending over the month; the last ones still run.
    var events: [FleetEvent] = []
    let gpusPerTeam = max(1, nodes * gpusPerNode / teams)
    let slot = 29 * 86_400 / Double(jobsPerTeam)
    for j in 0..<jobsPerTeam {
        for t in 0..<teams {
            let id = "t\(t)-\(j)", at = start + Double(j) * slot + Double(t % 60)
            let gpus = (0..<min(4, gpusPerTeam)).map { Int32(t * gpusPerTeam + $0) }
            events.append(.jobSubmitted(JobSubmission(id: id, name: id, team: "team-\(t)", project: "p\(j % 3)",
                                                      priorityClass: "training", gpus: gpus.count, gpuModel: nil, submittedAt: at)))
            events.append(.jobStarted(id: id, at: at, gpus: gpus))
            if j < jobsPerTeam - 1 { events.append(.jobEnded(id: id, at: at + slot * 0.9, outcome: .completed)) }
        }
    }
    events.sort { ($0.fleetTime ?? 0) < ($1.fleetTime ?? 0) }
    let built = seconds { state.apply(events) }
    state.apply(.clock(at: start + 30 * 86_400 - 1))
    var lines: [ChargebackLine] = []
    var times: [Double] = []
    for _ in 0..<5 {
        times.append(seconds { lines = Chargeback.lines(state, from: start, to: start + 30 * 86_400) })
    }
    let total = lines.reduce(0) { $0 + $1.cost }
    print(String(format: "history: %d teams, %d jobs, %d ledger lines, built in %.2f s", teams, teams * jobsPerTeam,
                 state.costLedger?.lines.count ?? 0, built))
    print(String(format: "chargeback: %d lines, $%.0f total; median of 5: %.4f s", lines.count, total, median(times)))
    print(String(format: "chargeback_seconds=%.4f", median(times)))
}

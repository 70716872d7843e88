/// Turns the writer's state, observed after each turn, into hourly `KPIRollup`s: GPU and queue amounts are sampled
/// once a fleet minute, events (starts, XIDs, node failures, decisions) are counted when they happen, and teams'
/// GPU-hours and cost are the differences of the reducer's accrual (the figures chargeback bills).
public struct KPIRollupAccumulator: Sendable {
    /// Start (seconds since the epoch) of the hour being accumulated; nil before the first observation.
    public private(set) var openHour: Int?
    var rollups: [RollupScope: KPIRollup] = [:]
    private var lastMinute: Int?
    /// Fleet time of the last observation: events after it are counted at the next one.
    var lastNow: Double?
    /// Team accruals (GPU-hours, $) at the open hour's start.
    private var teamBaseline: [String: (gpuHours: Double, cost: Double)] = [:]
    var lastPreempted: Int?
    /// Each node's name and state at the last observation, by node index.
    var lastNodes: (names: [String], states: [NodeState]) = ([], [])

    /// An accumulator that has seen nothing.
    public init() {}

    /// Observes the state after a writer turn; returns the rollups (one per scope) of the hours that closed.
    /// `everyGPUSampled` false: a fast-forward sampled only some GPUs' telemetry since the last observation, so the
    /// minutes' utilisation and idle waste are left unmeasured rather than judged from the few GPUs it sampled.
    public mutating func observe(_ s: FleetState, everyGPUSampled: Bool = true) -> [KPIRollup] {
        guard s.policy != nil, !s.nodes.isEmpty, s.now > 0 else { return [] }
        let minute = Int(saturating: (s.now / 60).rounded(.down))
        if let last = lastMinute, minute <= last { return [] }
        let hourStart = minute / 60 * 3600
        var closed: [KPIRollup] = []
        if let open = openHour, open != hourStart {
            countEvents(s, until: Double(open + 3600))
            closed = close(s)
        }
        if openHour == nil { begin(hour: hourStart, s) }
        countEvents(s, until: s.now)
        countChanges(s)
        let first = max((lastMinute ?? minute - 1) + 1, hourStart / 60)
        sample(s, hours: Double(minute - first + 1) / 60, everyGPUSampled: everyGPUSampled)
        lastMinute = minute
        lastNow = s.now
        return closed
    }

    private mutating func begin(hour: Int, _ s: FleetState) {
        openHour = hour
        rollups = [:]
        teamBaseline = [:]
        for (i, team) in s.org.teams.enumerated() where i < s.teamUsage.count {
            teamBaseline[team.name] = (s.teamUsage[i].totalGPUHours ?? 0, s.teamUsage[i].totalCost ?? 0)
        }
        if lastNow == nil {
            lastNow = s.now
            lastPreempted = s.jobTotals.preempted
            lastNodes = (s.nodes.map(\.name), s.nodes.map(\.state))
        }
    }

    /// Ends the open hour: teams' accrued GPU-hours and cost, departments as the sum of their teams, every scope
    /// sorted; the next observation opens the next hour.
    private mutating func close(_ s: FleetState) -> [KPIRollup] {
        guard openHour != nil else { return [] }
        for (i, team) in s.org.teams.enumerated() where i < s.teamUsage.count {
            guard let base = teamBaseline[team.name] else { continue }
            let gpuHours = max(0, (s.teamUsage[i].totalGPUHours ?? 0) - base.gpuHours)
            let cost = max(0, (s.teamUsage[i].totalCost ?? 0) - base.cost)
            var scopes = [RollupScope(.team, team.name)]
            if let d = department(of: team, s) { scopes.append(RollupScope(.department, d)) }
            for scope in scopes {
                add(gpuHours, .allocatedGPUHours, scope)
                add(cost, .costDollars, scope)
            }
        }
        let out = rollups.values.sorted { $0.scope < $1.scope }
        openHour = nil
        return out
    }

    func department(of team: Team, _ s: FleetState) -> String? {
        team.department >= 0 && team.department < s.org.departments.count ? s.org.departments[team.department].name : nil
    }

    mutating func add(_ amount: Double, _ sum: RollupSum, _ scope: RollupScope) {
        guard let hour = openHour else { return }
        rollups[scope, default: KPIRollup(start: hour, resolution: .hour, scope: scope)].add(amount, to: sum)
    }
}

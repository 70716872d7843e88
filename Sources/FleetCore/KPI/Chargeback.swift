/// Chargeback: what each team's and project's GPU use cost in a period, from the cost ledger plus running jobs.
public struct ChargebackLine: Sendable, Hashable {
    public var team: String
    public var project: String
    public var department: String
    public var costCenter: String
    public var pool: String
    public var model: String
    public var purchase: PurchaseOption
    public var region: String
    /// Dollars; GPU-hours on unpriced GPUs add to `gpuHours` only.
    public var cost: Double
    public var gpuHours: Double
    /// GPU-hours with no price in the policy: the cost of those is unknown.
    public var unpricedGPUHours: Double
}

public enum Chargeback {
    /// Lines for `[start, end)` (seconds since the epoch), one per team, project, pool, model, purchase option and
    /// region, sorted by team then cost (largest first). Running jobs count up to `min(end, state.now)`.
    public static func lines(_ s: FleetState, from start: Double, to end: Double) -> [ChargebackLine] {
        unsortedLines(s, from: start, to: end, running: RunningCost(s, from: start, to: end))
            .sorted { ($0.team, -$0.cost, $0.project, $0.pool, $0.model) < ($1.team, -$1.cost, $1.project, $1.pool, $1.model) }
    }

    /// `lines` in no particular order (sums need no order), with the running jobs already grouped for the same period.
    static func unsortedLines(_ s: FleetState, from start: Double, to end: Double, running: RunningCost) -> [ChargebackLine] {
        struct Group: Hashable {
            var team, project, pool, model: String
            var purchase: PurchaseOption
            var region: String
        }
        func group(_ key: CostLedger.Key) -> Group {
            Group(team: key.team, project: key.project, pool: key.pool, model: key.model, purchase: key.purchase, region: key.region)
        }
        var totals: [Group: CostLedger.Amount] = [:]
        totals.reserveCapacity(running.groups.count)
        let firstDay = Int32((start / 86_400).rounded(.down)), lastDay = Int32(((end - 1) / 86_400).rounded(.down))
        for (key, amount) in s.costLedger?.lines ?? [:] where key.day >= firstDay && key.day <= lastDay {
            totals[group(key), default: CostLedger.Amount()].add(amount)
        }
        // Running jobs count from their start (or the period's) up to now; a group that ran no time in it adds no line.
        for r in running.groups where r.gpuHours > 0 {
            totals[group(r.key), default: CostLedger.Amount()].record(hours: r.gpuHours, pricePerHour: r.pricePerHour)
        }
        let teamIndex = Dictionary(s.org.teams.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        return totals.map { g, t in
            let team = teamIndex[g.team].map { s.org.teams[$0] }
            let department = team.flatMap { $0.department < s.org.departments.count ? s.org.departments[$0.department].name : nil }
            return ChargebackLine(team: g.team, project: g.project, department: department ?? "", costCenter: team?.costCenter ?? "",
                                  pool: g.pool, model: g.model, purchase: g.purchase, region: g.region, cost: t.cost,
                                  gpuHours: t.gpuHours, unpricedGPUHours: t.unpricedGPUHours)
        }
    }
}

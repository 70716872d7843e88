/// GPUs a team holds against one of its policy quotas (a pool and/or model).
public struct QuotaStanding: Sendable, Hashable {
    public var quota: TeamQuota
    /// GPUs its running jobs hold in that pool/model now.
    public var using: Int
    /// GPUs beyond nominal, borrowed from the cohort.
    public var borrowed: Int { max(0, using - quota.nominal) }
    /// Idle nominal GPUs the cohort may borrow (capped by the lending limit).
    public var lendable: Int { max(0, min(quota.nominal - using, quota.lendingLimit ?? quota.nominal)) }
    /// Over nominal plus the borrowing limit.
    public var overLimit: Bool { quota.borrowingLimit.map { using > quota.nominal + $0 } ?? false }
}

/// A team's GPU-hour grant this month: used, granted, burn rate now and when it runs out at that rate.
public struct GrantStanding: Sendable, Hashable {
    public var granted: Double
    public var used: Double
    /// GPU-hours per hour at the current allocation.
    public var burnPerHour: Double
    /// When the grant runs out at the current burn; nil when it lasts the month (or is already gone).
    public var exhaustsAt: Double?
    public var exhausted: Bool { used >= granted }
    public var fraction: Double { used / max(1, granted) }
}

/// One team's quotas, grant and fair share, derived from the state for the teams pane and its detail.
public struct TeamStanding: Sendable, Hashable {
    public var team: String
    public var quotas: [QuotaStanding]
    public var grant: GrantStanding?
    /// Slurm LevelFS (or Kueue weightedShare) when a scheduler feed reports it.
    public var fairShare: FairShareFigure?

    /// A standing; `derive` builds them from state.
    public init(team: String, quotas: [QuotaStanding] = [], grant: GrantStanding? = nil, fairShare: FairShareFigure? = nil) {
        self.team = team
        self.quotas = quotas
        self.grant = grant
        self.fairShare = fairShare
    }

    /// Every team's standing, in org order; one pass over the running jobs.
    public static func derive(_ s: FleetState) -> [TeamStanding] {
        let rules = s.policy?.rules
        let quotasByTeam = Dictionary(grouping: rules?.quotas ?? [], by: \.team)
        // GPUs held per team per (pool, model), counted once for all quotas.
        var held: [Int32: [PoolModel: Int]] = [:]
        if !quotasByTeam.isEmpty {
            for case let job? in s.jobSlots where job.state == .running {
                for g in job.gpuIndices where Int(g) < s.gpus.count {
                    let node = s.nodes[Int(s.gpus.node[Int(g)])]
                    held[job.team, default: [:]][PoolModel(pool: node.pool, model: node.model), default: 0] += 1
                }
            }
        }
        let monthEnd = UTCCalendar.nextMonthStart(after: UTCCalendar.monthStart(containing: s.now))
        let grants = Dictionary((rules?.grants ?? []).filter { $0.period == .month }.map { ($0.team, $0) }, uniquingKeysWith: { a, _ in a })
        return s.org.teams.enumerated().map { i, team in
            let usage = i < s.teamUsage.count ? s.teamUsage[i] : TeamUsage()
            let holding = held[Int32(i)] ?? [:]
            let quotas = (quotasByTeam[team.name] ?? []).map { q in
                let using = holding.reduce(0) { sum, entry in
                    matches(q, entry.key, s) ? sum + entry.value : sum
                }
                return QuotaStanding(quota: q, using: using)
            }
            let grant = grants[team.name].map { g -> GrantStanding in
                let burn = Double(usage.allocatedGPUs), left = g.gpuHours - usage.monthToDateGPUHours
                let at = left > 0 && burn > 0 ? s.now + left / burn * 3600 : nil
                return GrantStanding(granted: g.gpuHours, used: usage.monthToDateGPUHours, burnPerHour: burn,
                                     exhaustsAt: at.flatMap { $0 < monthEnd ? $0 : nil })
            }
            return TeamStanding(team: team.name, quotas: quotas, grant: grant, fairShare: FairShareFigure.of(team: team.name, s))
        }
    }

    /// The team's guaranteed GPUs: the sum of its policy quotas, else the org's figure.
    public static func nominalQuota(team: String, _ s: FleetState) -> Int? {
        let quotas = s.policy?.rules?.quotas.filter { $0.team == team } ?? []
        if !quotas.isEmpty { return quotas.reduce(0) { $0 + $1.nominal } }
        return s.teamIndex(named: team).map { s.org.teams[$0] }.flatMap { $0.hasLimits ? $0.quotaGPUs : nil }
    }

    /// Extra GPUs approved overrides grant the team at wall time `now` (quota raises, production borrowing, retraining).
    public static func overrideGPUs(team: String, _ s: FleetState, now: Double) -> Int {
        (s.governance?.inEffect(at: now) ?? []).filter { $0.team == team && [.quota, .borrowProd, .retrain].contains($0.kind) }
            .reduce(0) { $0 + ($1.gpus ?? 0) }
    }

    private struct PoolModel: Hashable { var pool: Int; var model: Int }

    private static func matches(_ q: TeamQuota, _ at: PoolModel, _ s: FleetState) -> Bool {
        if let pool = q.pool, !(at.pool < s.fleet.pools.count && s.fleet.pools[at.pool].name == pool) { return false }
        if let model = q.model, !(at.model < s.fleet.models.count && s.fleet.models[at.model].name == model) { return false }
        return true
    }
}

/// The fair-share figure a scheduler reports for a team.
public enum FairShareFigure: Sendable, Hashable {
    /// Slurm sshare: normalised shares, effective usage and LevelFS (∞ = no usage).
    case slurm(normShares: Double?, effectiveUsage: Double?, levelFS: Double?)
    /// Kueue ClusterQueue fair sharing.
    case kueue(queue: String, weightedShare: Double, weight: Double?)

    /// Slurm's row for the account (user-less), else a Kueue queue named after the team.
    static func of(team: String, _ s: FleetState) -> FairShareFigure? {
        if let row = s.fairShare?.first(where: { $0.account == team && $0.user.isEmpty }) {
            return .slurm(normShares: row.normShares, effectiveUsage: row.effectiveUsage, levelFS: row.levelFS)
        }
        if let q = s.queueQuotas?.first(where: { $0.name == team || $0.name == "\(team)-cq" }), let share = q.weightedShare {
            return .kueue(queue: q.name, weightedShare: share, weight: q.fairWeight)
        }
        return nil
    }
}

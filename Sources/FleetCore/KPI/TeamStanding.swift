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

    /// Every team's standing, in org order; quota use comes from the reducer's `teamHoldings` (no pass over GPUs).
    public static func derive(_ s: FleetState) -> [TeamStanding] {
        let rules = s.policy?.rules
        // By team index, found with the state's index of names: a dictionary built per derivation cost more than the rest.
        var quotasByTeam = [[TeamQuota]](repeating: [], count: s.org.teams.count)
        var anyQuota = false
        for q in rules?.quotas ?? [] {
            guard let t = s.teamIndex(named: q.team), t < quotasByTeam.count else { continue }
            quotasByTeam[t].append(q)
            anyQuota = true
        }
        let poolCount = s.fleet.pools.count, modelCount = s.fleet.models.count
        let held = !anyQuota ? TeamHoldings(teams: 0, pools: 0, models: 0) : s.teamHoldings ?? .count(s)
        let monthEnd = UTCCalendar.nextMonthStart(after: UTCCalendar.monthStart(containing: s.now))
        let grants = Dictionary((rules?.grants ?? []).filter { $0.period == .month }.map { ($0.team, $0) }, uniquingKeysWith: { a, _ in a })
        return s.org.teams.enumerated().map { i, team in
            let usage = i < s.teamUsage.count ? s.teamUsage[i] : TeamUsage()
            let quotas = quotasByTeam[i].map { q in
                var using = 0
                for pool in 0..<poolCount where q.pool == nil || s.fleet.pools[pool].name == q.pool {
                    for model in 0..<modelCount where q.model == nil || s.fleet.models[model].name == q.model {
                        using += held.held(team: i, pool: pool, model: model)
                    }
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

    /// Extra GPUs approved overrides in force grant (quota raises, production borrowing, retraining).
    public static func extraGPUs(of inForce: [OverrideRequest]) -> Int {
        inForce.filter { [.quota, .borrowProd, .retrain].contains($0.kind) }.reduce(0) { $0 + ($1.gpus ?? 0) }
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

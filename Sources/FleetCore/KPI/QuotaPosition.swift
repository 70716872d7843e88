/// Where a team's GPU use stands against its quota, worst last. Judged here once, for `:teams` and the overview alike.
public enum QuotaPosition: Sendable, Hashable, Comparable {
    /// The team has no quota or budget set.
    case unlimited
    /// At or under its quota.
    case within
    /// Over its nominal quota, within what it may borrow: over nominal in `places` (its per-pool quotas; empty when
    /// the org's team quota judges, which has no pool).
    case borrowing(in: [QuotaPlace])
    /// Past its quota plus what it may borrow: in `places` (per-pool quotas: past any of them; empty for the org's
    /// team quota).
    case over(in: [QuotaPlace])

    /// Worse positions rank higher.
    private var rank: Int {
        switch self {
        case .unlimited: 0
        case .within: 1
        case .borrowing: 2
        case .over: 3
        }
    }

    /// Over nominal somewhere: borrowing or over.
    public var isPastNominal: Bool { rank >= 2 }
    /// Past quota plus borrowing somewhere.
    public var isOverLimit: Bool { rank >= 3 }

    public static func < (a: QuotaPosition, b: QuotaPosition) -> Bool { a.rank < b.rank }
}

/// Where a policy quota applies: a pool and/or a GPU model (nil: any).
public struct QuotaPlace: Sendable, Hashable {
    public var pool: String?
    public var model: String?

    /// A place; `quota` gives it from a policy quota.
    public init(pool: String?, model: String?) {
        self.pool = pool
        self.model = model
    }

    /// The place a policy quota covers.
    public init(_ quota: TeamQuota) { self.init(pool: quota.pool, model: quota.model) }

    /// The place in words: "spot", "spot H100", "H100", or "any pool" for a quota on every pool and model.
    public var name: String {
        switch (pool, model) {
        case let (pool?, model?): "\(pool) \(model)"
        case let (pool?, nil): pool
        case let (nil, model?): model
        case (nil, nil): "any pool"
        }
    }
}

extension FleetState {
    /// Where team `index` stands against its quota: its policy quotas per pool/model when it has any (`standing`, from
    /// the KPIs), each judged on its own, else the org's team quota and borrowing limit; `.unlimited` for an unknown
    /// index.
    public func quotaPosition(team index: Int, standing: TeamStanding?) -> QuotaPosition {
        guard index >= 0, index < org.teams.count, org.teams[index].hasLimits else { return .unlimited }
        if let quotas = standing?.quotas, !quotas.isEmpty {
            let over = quotas.filter(\.overLimit)
            if !over.isEmpty { return .over(in: over.map { QuotaPlace($0.quota) }) }
            let borrowed = quotas.filter { $0.borrowed > 0 }
            return borrowed.isEmpty ? .within : .borrowing(in: borrowed.map { QuotaPlace($0.quota) })
        }
        let team = org.teams[index], held = index < teamUsage.count ? teamUsage[index].allocatedGPUs : 0
        if held > team.quotaGPUs + team.borrowingLimitGPUs { return .over(in: []) }
        return held > team.quotaGPUs ? .borrowing(in: []) : .within
    }
}

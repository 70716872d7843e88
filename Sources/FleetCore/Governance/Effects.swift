/// A job an approved request would take GPUs from.
public struct DisplacedJob: Sendable, Hashable {
    public var jobID: String
    public var team: String
    public var className: String
    public var gpus: Int
}

/// What approving a request would do: cost, quota and budget before and after, and the work it displaces.
public struct RequestImpact: Sendable, Hashable {
    /// Dollars for the window at the fleet's mean price (or the dollars asked for); nil without prices.
    public var cost: Double?
    public var quotaBefore: Int?
    public var quotaAfter: Int?
    public var budget: Double?
    public var monthToDate: Double?
    /// GPUs free (healthy, unallocated) where the request would run.
    public var freeGPUs: Int
    /// Lower-priority preemptible running jobs of other teams that would lose their GPUs, lowest priority first.
    public var displaced: [DisplacedJob]
    /// GPUs still short after displacing every preemptible job.
    public var shortfall: Int
}

/// Effects of requests on the fleet: what approval changes, what it costs, whom it displaces.
public enum Effects {
    /// Mean $/GPU-hour of the fleet's priced GPUs, and of the production-inference pools (what borrowing costs):
    /// computed once per state, then each request's cost is O(1) — the approvals queue prices thousands.
    public struct MeanPrices: Sendable {
        public var all: Double?
        public var production: Double?

        /// The means for `s`.
        public init(_ s: FleetState) {
            // Per node, not hashed per GPU: this is a pass over every GPU.
            let prod = Effects.productionPools(s)
            let nodeInProduction = s.nodes.map { prod.contains($0.pool) }
            var sum = 0.0, n = 0, prodSum = 0.0, prodN = 0
            for g in 0..<min(s.gpus.count, s.gpuPrice.count) where s.gpuPrice[g] > 0 && s.gpuPrice[g].isFinite {
                sum += s.gpuPrice[g]
                n += 1
                let node = Int(s.gpus.node[g])
                if node < nodeInProduction.count, nodeInProduction[node] { prodSum += s.gpuPrice[g]; prodN += 1 }
            }
            all = n == 0 ? nil : sum / Double(n)
            production = prodN == 0 ? all : prodSum / Double(prodN)
        }
    }

    /// Dollars the request's capacity costs at the mean price where it would run (prod-inference for borrowing), or
    /// its dollars.
    public static func cost(_ r: OverrideRequest, _ s: FleetState, prices: MeanPrices? = nil) -> Double? {
        if let dollars = r.dollars { return dollars }
        guard r.kind.isCapacity, let gpus = r.gpus, let hours = r.hours else { return nil }
        let means = prices ?? MeanPrices(s)
        return (r.kind == .borrowProd ? means.production : means.all).map { $0 * Double(gpus) * hours }
    }

    /// The impact of approving `r` now.
    public static func impact(_ r: OverrideRequest, _ s: FleetState) -> RequestImpact {
        let team = s.teamIndex(named: r.team)
        let usage = team.flatMap { $0 < s.teamUsage.count ? s.teamUsage[$0] : nil }
        let quota = team.map { s.org.teams[$0] }.flatMap { $0.hasLimits ? $0.quotaGPUs : nil }
        let pools = candidatePools(r, s)
        var free = 0
        for g in 0..<s.gpus.count {
            let node = s.nodes[Int(s.gpus.node[g])]
            if pools.contains(node.pool), node.state == .up, s.gpus.allocatedSlot[g] < 0, s.gpus.health[g] != .failing { free += 1 }
        }
        var needed = r.kind.isCapacity ? max(0, (r.gpus ?? 0) - free) : 0
        var displaced: [DisplacedJob] = []
        if needed > 0 {
            let classes = s.priorityClasses
            let mine = s.priorityClasses.firstIndex { !$0.preemptible }.map { classes[$0].rank } ?? 0
            let victims = s.jobSlots.compactMap { $0 }.filter { job in
                job.state == .running && job.team != Int32(team ?? -1) && job.priorityClass >= 0 && Int(job.priorityClass) < classes.count
                    && classes[Int(job.priorityClass)].preemptible && classes[Int(job.priorityClass)].rank > mine
                    && job.gpuIndices.contains { Int($0) < s.gpus.count && pools.contains(s.nodes[Int(s.gpus.node[Int($0)])].pool) }
            }.sorted { a, b in
                let ra = classes[Int(a.priorityClass)].rank, rb = classes[Int(b.priorityClass)].rank
                return ra != rb ? ra > rb : (a.startedAt ?? 0, a.id) > (b.startedAt ?? 0, b.id)
            }
            for job in victims where needed > 0 {
                let name = s.teamLabel(of: job)
                displaced.append(DisplacedJob(jobID: job.id, team: name, className: classes[Int(job.priorityClass)].name, gpus: job.gpuIndices.count))
                needed -= job.gpuIndices.count
            }
        }
        let extra = r.kind == .quota || r.kind == .borrowProd || r.kind == .retrain ? (r.gpus ?? 0) : 0
        return RequestImpact(cost: cost(r, s), quotaBefore: quota, quotaAfter: quota.map { $0 + extra },
                             budget: team.map { s.org.teams[$0].monthlyBudget }, monthToDate: usage?.monthToDateCost,
                             freeGPUs: free, displaced: displaced, shortfall: max(0, needed))
    }

    /// Pools a request's capacity comes from: the production-inference pool for borrowing, every pool otherwise.
    static func candidatePools(_ r: OverrideRequest, _ s: FleetState) -> Set<Int> {
        guard r.kind == .borrowProd else { return Set(s.fleet.pools.indices) }
        let prod = productionPools(s)
        return prod.isEmpty ? Set(s.fleet.pools.indices) : prod
    }

    /// Pools named like production inference.
    static func productionPools(_ s: FleetState) -> Set<Int> {
        Set(s.fleet.pools.indices.filter { s.fleet.pools[$0].name.contains("inference") || s.fleet.pools[$0].name.contains("prod") })
    }

    /// The request's standing in words, for the audit log's before/after.
    public static func describe(_ r: OverrideRequest, _ s: FleetState) -> String {
        guard r.status == .approved else {
            return r.status.rawValue + (r.approvals.isEmpty ? "" : " (approved so far by \(r.approvals.joined(separator: ", ")))")
        }
        return "in force \(UTCCalendar.format(r.windowStart))–\(UTCCalendar.format(r.windowEnd)) UTC: " + effect(r, s)
    }

    /// What an approved request changes.
    public static func effect(_ r: OverrideRequest, _ s: FleetState) -> String {
        let quota = s.teamIndex(named: r.team).map { s.org.teams[$0].quotaGPUs }
        let gpus = r.gpus ?? 0
        switch r.kind {
        case .quota: return "\(r.team) quota \(quota.map(String.init) ?? "?") → \(quota.map { String($0 + gpus) } ?? "+\(gpus)") GPUs"
        case .priority: return "\(r.team) pending work first in its class"
        case .preemption: return "\(r.team) may preempt up to \(gpus) GPUs of lower-priority work"
        case .budget:
            let budget = s.teamIndex(named: r.team).map { s.org.teams[$0].monthlyBudget }
            return "\(r.team) budget \(budget.map { "$\(Int($0))" } ?? "?") → \(budget.map { "$\(Int($0 + (r.dollars ?? 0)))" } ?? "?") this month"
        case .borrowProd: return "\(r.team) may use \(gpus) GPUs of the production-inference pool"
        case .retrain: return "\(r.team) emergency retraining on \(gpus) GPUs at top priority"
        case .dispute: return "dispute with \(r.againstTeam ?? "?") decided for \(r.team)"
        }
    }
}

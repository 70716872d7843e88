/// What one job's GPUs cost, by UTC day, team, project, pool, model, purchase option and region: the history
/// chargeback reports read. Written when a job ends; running jobs are added up to "now" when reporting.
public struct CostLedger: Codable, Sendable, Hashable {
    /// One line of the ledger.
    public struct Key: Codable, Sendable, Hashable {
        /// Days since 1970-01-01 (UTC).
        public var day: Int32
        public var team: String
        public var project: String
        public var pool: String
        public var model: String
        public var purchase: PurchaseOption
        public var region: String
    }

    /// Cost and GPU-hours of a ledger line.
    public struct Amount: Codable, Sendable, Hashable {
        public var cost = 0.0
        public var gpuHours = 0.0
        /// GPU-hours on GPUs without a price (their cost is unknown, not zero).
        public var unpricedGPUHours = 0.0

        mutating func add(_ other: Amount) {
            cost += other.cost
            gpuHours += other.gpuHours
            unpricedGPUHours += other.unpricedGPUHours
        }
    }

    public internal(set) var lines: [Key: Amount] = [:]
    /// Days of history kept.
    public static let retentionDays: Int32 = 400

    /// Adds `gpus` GPUs at `pricePerHour` each (NaN: unpriced, counted in GPU-hours only) from `start` to `end`,
    /// split at UTC midnights.
    mutating func add(_ key: Key, gpus: Int, pricePerHour: Double, from start: Double, to end: Double) {
        var t = start
        while t < end {
            let day = Int32((t / 86_400).rounded(.down))
            let dayEnd = min(end, Double(day + 1) * 86_400)
            var k = key
            k.day = day
            let hours = (dayEnd - t) / 3600 * Double(gpus)
            lines[k, default: Amount()].gpuHours += hours
            if pricePerHour.isFinite {
                lines[k, default: Amount()].cost += hours * pricePerHour
            } else {
                lines[k, default: Amount()].unpricedGPUHours += hours
            }
            t = dayEnd
        }
    }

    /// Drops days older than the retention before `now`.
    mutating func prune(now: Double) {
        let oldest = Int32((now / 86_400).rounded(.down)) - Self.retentionDays
        if lines.keys.contains(where: { $0.day < oldest }) { lines = lines.filter { $0.key.day >= oldest } }
    }
}

extension FleetState {
    /// Ledger pieces of a job's GPUs: one per (pool, model, purchase, region) with its GPU count and $/h per GPU.
    func costPieces(of job: Job) -> [(key: CostLedger.Key, gpus: Int, pricePerHour: Double)] {
        var groups: [CostLedger.Key: (Int, Double)] = [:]
        let team = job.team >= 0 && Int(job.team) < org.teams.count ? org.teams[Int(job.team)].name : "(unknown)"
        for g in job.gpuIndices where Int(g) < gpus.count {
            let node = nodes[Int(gpus.node[Int(g)])]
            guard node.pool < fleet.pools.count, node.model < fleet.models.count else { continue }
            let pool = fleet.pools[node.pool]
            let region = pool.cluster < fleet.clusters.count ? fleet.clusters[pool.cluster].region : ""
            let key = CostLedger.Key(day: 0, team: team, project: job.project, pool: pool.name, model: fleet.models[node.model].name,
                                     purchase: pool.purchase, region: region)
            let price = Int(g) < gpuPrice.count ? gpuPrice[Int(g)] : .nan
            let (n, p) = groups[key] ?? (0, price)
            groups[key] = (n + 1, p)
        }
        return groups.map { ($0.key, $0.value.0, $0.value.1) }
    }
}

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

        mutating func record(hours: Double, pricePerHour: Double) {
            gpuHours += hours
            if pricePerHour.isFinite { cost += hours * pricePerHour } else { unpricedGPUHours += hours }
        }

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
            lines[k, default: Amount()].record(hours: hours, pricePerHour: pricePerHour)
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
    /// Ledger pieces of a job's GPUs: one per (pool, model, purchase, region, price) with its GPU count.
    ///
    /// Runs on every job end, so it groups by node runs in a small array (a job spans a few nodes) rather than
    /// hashing a key of strings per GPU.
    func costPieces(of job: Job) -> [(key: CostLedger.Key, gpus: Int, pricePerHour: Double)] {
        var pieces: [(key: CostLedger.Key, gpus: Int, pricePerHour: Double)] = []
        let team = teamLabel(of: job)
        var lastNode: Int32 = -1
        var lastPiece = -1
        for g in job.gpuIndices where Int(g) < gpus.count {
            let n = gpus.node[Int(g)]
            let price = Int(g) < gpuPrice.count ? gpuPrice[Int(g)] : .nan
            if n == lastNode, lastPiece >= 0, pieces[lastPiece].pricePerHour == price || (price.isNaN && pieces[lastPiece].pricePerHour.isNaN) {
                pieces[lastPiece].gpus += 1
                continue
            }
            let node = nodes[Int(n)]
            guard node.pool < fleet.pools.count, node.model < fleet.models.count else { continue }
            let pool = fleet.pools[node.pool]
            let region = pool.cluster < fleet.clusters.count ? fleet.clusters[pool.cluster].region : ""
            let key = CostLedger.Key(day: 0, team: team, project: job.project, pool: pool.name, model: fleet.models[node.model].name,
                                     purchase: pool.purchase, region: region)
            if let same = pieces.firstIndex(where: { $0.key == key && ($0.pricePerHour == price || ($0.pricePerHour.isNaN && price.isNaN)) }) {
                pieces[same].gpus += 1
                lastPiece = same
            } else {
                pieces.append((key, 1, price))
                lastPiece = pieces.count - 1
            }
            lastNode = n
        }
        return pieces
    }
}

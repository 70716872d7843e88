/// The GPUs running jobs hold, grouped as cost ledger lines group them (team, project, pool, model, purchase option,
/// region and price), with their GPU-hours inside a period: what chargeback and the cost breakdown add for running jobs.
///
/// Grouped first by indices and the project (one hash of a short string per job and node), then named once per
/// group: naming every job's pieces with six strings and hashing those cost tens of milliseconds at 50,000 jobs.
struct RunningCost: Sendable {
    /// One group: a ledger key (day 0), its price per GPU-hour (NaN: unpriced), GPUs held now and GPU-hours in the period.
    struct Group: Sendable {
        var key: CostLedger.Key
        var pricePerHour: Double
        var gpus: Int
        var gpuHours: Double
    }

    /// What a group is known by while jobs are added up.
    private struct Index: Hashable {
        var team: Int32
        var project: String
        var pool: Int
        var model: Int
        /// The price's bits; every unpriced GPU shares one.
        var price: UInt64
    }

    var groups: [Group] = []

    /// The running jobs of `s`, with GPU-hours between `start` and `min(end, s.now)`: read from the reducer's sums for
    /// the current month, else added up job by job.
    init(_ s: FleetState, from start: Double, to end: Double) {
        if let sums = s.runningCosts, sums.monthStart == start, s.now >= start, s.now <= end {
            self.init(sums, now: s.now, in: s)
        } else {
            self.init(walking: s, from: start, to: end)
        }
    }

    /// The groups of the reducer's sums at `now`, in their month.
    private init(_ sums: RunningCostSums, now: Double, in s: FleetState) {
        let elapsed = now - sums.monthStart
        sums.forEachGroup { key, gpus, startOffsets in
            // Offsets are kept in whole microseconds: a group that has not run yet may differ from 0 by that rounding.
            let seconds = Double(gpus) * elapsed - startOffsets
            groups.append(Group(key: Self.ledgerKey(team: key.team, project: key.project, pool: key.pool, model: key.model, s),
                                pricePerHour: key.price == .max ? .nan : Double(bitPattern: key.price), gpus: gpus,
                                gpuHours: seconds < 0.01 ? 0 : seconds / 3600))
        }
    }

    /// The running jobs of `s` added up one by one, with GPU-hours between `start` and `min(end, s.now)`.
    init(walking s: FleetState, from start: Double, to end: Double) {
        var totals: [Index: (gpus: Int, seconds: Double, price: Double)] = [:]
        for slot in s.jobSlots.indices {
            // Fields are read in place: binding whole `Job` values would retain and release their strings and arrays.
            guard s.jobSlots[slot]?.state == .running, let gpuIndices = s.jobSlots[slot]?.gpuIndices, !gpuIndices.isEmpty,
                  let team = s.jobSlots[slot]?.team, let project = s.jobSlots[slot]?.project else { continue }
            let seconds = s.jobSlots[slot]?.startedAt.map { max(0, min(end, s.now) - max($0, start)) } ?? 0
            var g = 0
            while g < gpuIndices.count {
                // A run of GPUs on one node at one price is one piece.
                let first = Int(gpuIndices[g])
                guard first >= 0, first < s.gpus.count else { g += 1; continue }
                let node = s.gpus.node[first], price = first < s.gpuPrice.count ? s.gpuPrice[first] : .nan
                var run = 1
                while g + run < gpuIndices.count, Int(gpuIndices[g + run]) < s.gpus.count, s.gpus.node[Int(gpuIndices[g + run])] == node,
                      Self.samePrice(Int(gpuIndices[g + run]) < s.gpuPrice.count ? s.gpuPrice[Int(gpuIndices[g + run])] : .nan, price) {
                    run += 1
                }
                g += run
                let n = s.nodes[Int(node)]
                guard n.pool < s.fleet.pools.count, n.model < s.fleet.models.count else { continue }
                let index = Index(team: team, project: project, pool: n.pool, model: n.model,
                                  price: price.isNaN ? UInt64.max : price.bitPattern)
                totals[index, default: (0, 0, price)].gpus += run
                totals[index, default: (0, 0, price)].seconds += seconds * Double(run)
            }
        }
        groups = totals.map { index, total in
            Group(key: Self.ledgerKey(team: index.team, project: index.project, pool: index.pool, model: index.model, s),
                  pricePerHour: total.price, gpus: total.gpus, gpuHours: total.seconds / 3600)
        }
    }

    /// The ledger key (day 0) of a group known by indices; `pool` and `model` are in range.
    private static func ledgerKey(team: Int32, project: String, pool p: Int, model: Int, _ s: FleetState) -> CostLedger.Key {
        let pool = s.fleet.pools[p]
        return CostLedger.Key(day: 0, team: s.teamLabel(index: team), project: project, pool: pool.name,
                              model: s.fleet.models[model].name, purchase: pool.purchase,
                              region: pool.cluster < s.fleet.clusters.count ? s.fleet.clusters[pool.cluster].region : "")
    }

    private static func samePrice(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
}

/// The GPUs running jobs hold, grouped as the cost ledger groups them (team, project, pool, model and price), with how
/// long they have run this month: kept by the reducer as jobs start, take GPUs and end, so that the month's running
/// cost (the cost pane, this month's chargeback) needs no pass over every live job.
public struct RunningCostSums: Codable, Sendable, Hashable {
    /// What a group is known by: the ledger's key as indices and the project, and the price's bits (every unpriced
    /// GPU shares one).
    struct Key: Codable, Sendable, Hashable {
        var team: Int32
        var project: String
        var pool: Int
        var model: Int
        var price: UInt64
    }

    /// A group's GPUs held now and, summed over them, the seconds from the month's start to their job's start (0 for a
    /// job that started before the month): its GPU-seconds this month at time `t` are `gpus × (t − monthStart) − startOffsets`.
    struct Sum: Codable, Sendable, Hashable {
        var gpus = 0
        var startOffsets = 0.0
    }

    /// Start of the UTC month the offsets are measured from; the reducer counts the sums again when the month turns.
    public private(set) var monthStart: Double
    private(set) var sums: [Key: Sum] = [:]

    /// No running jobs, for the month starting at `monthStart`.
    init(monthStart: Double) { self.monthStart = monthStart }

    /// The sums of `s` counted from its running jobs for the month containing `s.now`: what the reducer's must equal.
    public static func count(_ s: FleetState) -> RunningCostSums {
        var sums = RunningCostSums(monthStart: UTCCalendar.monthStart(containing: s.now))
        for slot in s.jobSlots.indices {
            guard let job = s.jobSlots[slot], job.state == .running else { continue }
            sums.add(job.gpuIndices, team: job.team, project: job.project, startedAt: job.startedAt, sign: 1, in: s)
        }
        return sums
    }

    /// Adds (`sign` 1) or removes (-1) GPUs `gpuIndices` of a job of `team` and `project` that started at `startedAt`;
    /// GPUs outside the table or on nodes of unknown pool or model are not counted, as the ledger does not count them.
    mutating func add(_ gpuIndices: [Int32], team: Int32, project: String, startedAt: Double?, sign: Int, in s: FleetState) {
        let offset = max(0, (startedAt ?? monthStart) - monthStart)
        var g = 0
        while g < gpuIndices.count {
            // A run of GPUs on one node at one price is one hash.
            let first = Int(gpuIndices[g])
            guard first >= 0, first < s.gpus.count else { g += 1; continue }
            let node = s.gpus.node[first], price = Self.price(first, s)
            var run = 1
            while g + run < gpuIndices.count, Int(gpuIndices[g + run]) >= 0, Int(gpuIndices[g + run]) < s.gpus.count,
                  s.gpus.node[Int(gpuIndices[g + run])] == node, Self.price(Int(gpuIndices[g + run]), s) == price {
                run += 1
            }
            g += run
            let n = s.nodes[Int(node)]
            guard n.pool >= 0, n.pool < s.fleet.pools.count, n.model >= 0, n.model < s.fleet.models.count else { continue }
            let key = Key(team: team, project: project, pool: n.pool, model: n.model, price: price)
            // One hash per change (two for a new group): this runs on every job start and end.
            if let i = sums.index(forKey: key) {
                sums.values[i].gpus += sign * run
                sums.values[i].startOffsets += Double(sign * run) * offset
                // An emptied group is dropped, so that the sums equal a recount key for key.
                if sums.values[i].gpus <= 0 { sums.remove(at: i) }
            } else if sign > 0 {
                sums[key] = Sum(gpus: run, startOffsets: Double(run) * offset)
            }
        }
    }

    /// GPU `g`'s price as bits; NaN (unpriced) as one value.
    static func price(_ g: Int, _ s: FleetState) -> UInt64 {
        let p = g < s.gpuPrice.count ? s.gpuPrice[g] : .nan
        return p.isNaN ? UInt64.max : p.bitPattern
    }

    /// The sums with the same groups as `other` and GPU-seconds within `tolerance` seconds per group (offsets are
    /// added and taken away in a different order than a recount adds them).
    public func matches(_ other: RunningCostSums, tolerance: Double = 1e-3) -> Bool {
        monthStart == other.monthStart && sums.count == other.sums.count && sums.allSatisfy { key, sum in
            other.sums[key].map { $0.gpus == sum.gpus && abs($0.startOffsets - sum.startOffsets) <= tolerance } ?? false
        }
    }
}

extension FleetState {
    /// Counts `gpuIndices` of a running job in `runningCosts`, now taken (`sign` 1) or released (-1); a state without
    /// the sums yet (one restored from an older snapshot) counts them all from the running jobs instead.
    mutating func noteRunningCost(_ gpuIndices: [Int32], of job: Job, sign: Int) {
        guard var sums = runningCosts else {
            runningCosts = .count(self)
            return
        }
        runningCosts = nil  // no second reference while it is changed: the sums are updated in place
        sums.add(gpuIndices, team: job.team, project: job.project, startedAt: job.startedAt, sign: sign, in: self)
        runningCosts = sums
    }
}

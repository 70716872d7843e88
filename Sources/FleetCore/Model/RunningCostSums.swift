/// The GPUs running jobs hold, grouped as the cost ledger groups them (team, project, pool, model and price), with how
/// long they have run this month: kept by the reducer as jobs start, take GPUs and end, so that the month's running
/// cost (the cost pane, this month's chargeback) needs no pass over every live job.
///
/// Groups live in flat arrays by number, and each job slot remembers the one group its GPUs went into, so that a job's
/// end takes them off without hashing its key again (a job across several groups, or one counted before a restore,
/// is taken off by key).
public struct RunningCostSums: Sendable {
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
    /// Each group's key, GPUs and start offsets by group number. A group that empties keeps its number (with 0 GPUs),
    /// so that the numbers slots remember stay valid until the month's recount.
    private var keys: [Key] = []
    private var groupGPUs: [Int] = []
    /// Start offsets in whole microseconds: integers add up to the same sum in any order, so taking a job off in one
    /// step equals taking it off run by run, and a restored state equals the one it was saved from.
    private var groupOffsets: [Int64] = []
    private var groupByKey: [Key: Int32] = [:]
    /// Each team's last `recentPerTeam` groups, newest first (-1: none), at `team × recentPerTeam`.
    private var recentByTeam: [Int32] = []
    private static let recentPerTeam = 4
    /// Per job slot: the group all its counted GPUs are in, and how many (see `SlotGroup`).
    private var slotGroup: [Int32] = []
    private var slotGPUs: [Int32] = []

    /// What `slotGroup` holds besides a group number.
    private enum SlotGroup {
        /// Not recorded (a state restored from a snapshot): the job's GPUs are taken off by key.
        static let unknown = Int32.min
        /// In several groups: taken off by key.
        static let several: Int32 = -2
        /// None of its GPUs counted (unpriced pool or model unknown): nothing to take off.
        static let none: Int32 = -1
    }

    /// No running jobs, for the month starting at `monthStart`.
    init(monthStart: Double) { self.monthStart = monthStart }

    /// The non-empty groups by key: what a recount gives.
    var sums: [Key: Sum] {
        var result: [Key: Sum] = [:]
        forEachGroup { key, gpus, seconds in result[key] = Sum(gpus: gpus, startOffsets: seconds) }
        return result
    }

    /// Calls `body` with each non-empty group's key, GPUs and start offsets (seconds), in group order.
    func forEachGroup(_ body: (Key, Int, Double) -> Void) {
        for g in keys.indices where groupGPUs[g] > 0 { body(keys[g], groupGPUs[g], Double(groupOffsets[g]) / 1e6) }
    }

    /// The sums of `s` counted from its running jobs for the month containing `s.now`: what the reducer's must equal.
    public static func count(_ s: FleetState) -> RunningCostSums {
        var sums = RunningCostSums(monthStart: UTCCalendar.monthStart(containing: s.now))
        for slot in s.jobSlots.indices {
            guard let job = s.jobSlots[slot], job.state == .running else { continue }
            sums.add(job.gpuIndices, slot: slot, team: job.team, project: job.project, startedAt: job.startedAt, starting: true, in: s)
        }
        return sums
    }

    /// Adds GPUs `gpuIndices` of a job of `team` and `project` started at `startedAt` in slot `slot`, as it starts
    /// (`starting`) or takes more; GPUs outside the table or on nodes of unknown pool or model are not counted, as the
    /// ledger does not count them.
    mutating func add(_ gpuIndices: [Int32], slot: Int, team: Int32, project: String, startedAt: Double?, starting: Bool,
                      in s: FleetState) {
        let offset = offsetMicros(startedAt)
        var only = SlotGroup.none, counted: Int32 = 0
        Self.forEachRun(gpuIndices, team: team, project: project, in: s) { key, run in
            let g = group(of: key)
            groupGPUs[Int(g)] += run
            groupOffsets[Int(g)] += Int64(run) * offset
            only = only == SlotGroup.none || only == g ? g : SlotGroup.several
            counted += Int32(run)
        }
        guard slot >= 0 else { return }
        while slotGroup.count <= slot {
            slotGroup.append(SlotGroup.unknown)
            slotGPUs.append(0)
        }
        let recorded = starting ? SlotGroup.none : slotGroup[slot]
        if recorded == SlotGroup.none || recorded == only || only == SlotGroup.none {
            slotGroup[slot] = recorded == SlotGroup.none ? only : recorded
            slotGPUs[slot] = (starting ? 0 : slotGPUs[slot]) + counted
        } else if recorded != SlotGroup.unknown {
            slotGroup[slot] = SlotGroup.several
        }
    }

    /// The number of the group `key` names, made when new. The team's last few groups are compared first: a team
    /// starts most jobs in a few groups, and comparing keys costs less than hashing one (a project name among them).
    private mutating func group(of key: Key) -> Int32 {
        let recent = key.team >= 0 ? Int(key.team) * Self.recentPerTeam : -1
        if recent >= 0 {
            while recentByTeam.count < recent + Self.recentPerTeam { recentByTeam.append(-1) }
            for r in recent..<(recent + Self.recentPerTeam) where recentByTeam[r] >= 0 && keys[Int(recentByTeam[r])] == key {
                return recentByTeam[r]
            }
        }
        let g: Int32
        if let known = groupByKey[key] {
            g = known
        } else {
            g = Int32(keys.count)
            keys.append(key)
            groupGPUs.append(0)
            groupOffsets.append(0)
            groupByKey[key] = g
        }
        if recent >= 0 {
            // The newest first; the oldest drops out.
            for r in stride(from: recent + Self.recentPerTeam - 1, to: recent, by: -1) { recentByTeam[r] = recentByTeam[r - 1] }
            recentByTeam[recent] = g
        }
        return g
    }

    /// Takes off GPUs `gpuIndices`, all that `job` in slot `slot` holds, as it ends.
    mutating func remove(_ gpuIndices: [Int32], slot: Int, of job: Job, in s: FleetState) {
        let offset = offsetMicros(job.startedAt)
        let recorded = slot >= 0 && slot < slotGroup.count ? slotGroup[slot] : SlotGroup.unknown
        if slot >= 0, slot < slotGroup.count { slotGroup[slot] = SlotGroup.unknown }
        if recorded >= 0 {
            take(Int(slotGPUs[slot]), offset: offset, from: Int(recorded))
        } else if recorded != SlotGroup.none {
            Self.forEachRun(gpuIndices, team: job.team, project: job.project, in: s) { key, run in
                if let g = groupByKey[key] { take(run, offset: offset, from: Int(g)) }
            }
        }
    }

    private mutating func take(_ gpus: Int, offset: Int64, from g: Int) {
        groupGPUs[g] -= gpus
        groupOffsets[g] -= Int64(gpus) * offset
        if groupGPUs[g] <= 0 {
            groupGPUs[g] = 0
            groupOffsets[g] = 0
        }
    }

    /// Calls `body` with the key of each run of `gpuIndices` on one node at one price and its length, for GPUs in
    /// the table on nodes of known pool and model.
    private static func forEachRun(_ gpuIndices: [Int32], team: Int32, project: String, in s: FleetState, _ body: (Key, Int) -> Void) {
        var g = 0
        while g < gpuIndices.count {
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
            body(Key(team: team, project: project, pool: n.pool, model: n.model, price: price), run)
        }
    }

    /// A job's start offset from the month's start in whole microseconds (0 before the month).
    private func offsetMicros(_ startedAt: Double?) -> Int64 {
        Int64((max(0, (startedAt ?? monthStart) - monthStart) * 1e6).rounded())
    }

    /// GPU `g`'s price as bits; NaN (unpriced) as one value.
    static func price(_ g: Int, _ s: FleetState) -> UInt64 {
        let p = g < s.gpuPrice.count ? s.gpuPrice[g] : .nan
        return p.isNaN ? UInt64.max : p.bitPattern
    }
}

/// Equal when the month and the non-empty groups are: group numbers and what slots remember are how the sums are
/// kept, not what they say.
extension RunningCostSums: Hashable {
    public static func == (a: RunningCostSums, b: RunningCostSums) -> Bool { a.monthStart == b.monthStart && a.sums == b.sums }

    public func hash(into h: inout Hasher) {
        h.combine(monthStart)
        h.combine(groupGPUs.count { $0 > 0 })
    }
}

/// Coded as the month and the non-empty groups by key (the form before groups were numbered), so that snapshots of
/// either form read; a restored state's slots are not recorded, and its jobs are taken off by key.
extension RunningCostSums: Codable {
    private enum CodingKeys: String, CodingKey { case monthStart, sums }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(monthStart: try c.decode(Double.self, forKey: .monthStart))
        for (key, sum) in try c.decode([Key: Sum].self, forKey: .sums) where sum.gpus > 0 {
            groupByKey[key] = Int32(keys.count)
            keys.append(key)
            groupGPUs.append(sum.gpus)
            groupOffsets.append(Int64((sum.startOffsets * 1e6).rounded()))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(monthStart, forKey: .monthStart)
        try c.encode(sums, forKey: .sums)
    }
}

extension FleetState {
    /// Counts the GPUs `gpuIndices` a running job in slot `slot` now takes (as it starts, or more later) in
    /// `runningCosts`; a state without the sums yet (one restored from an older snapshot) counts them all instead.
    mutating func noteRunningCostTaken(_ gpuIndices: [Int32], slot: Int, team: Int32, project: String, startedAt: Double?,
                                       starting: Bool) {
        // Moved out (no second reference, no retain of its arrays) while it is changed in place.
        guard var sums = runningCosts.take() else {
            runningCosts = .count(self)
            return
        }
        sums.add(gpuIndices, slot: slot, team: team, project: project, startedAt: startedAt, starting: starting, in: self)
        runningCosts = sums
    }

    /// Takes a running job's GPUs off `runningCosts` as it ends (the job as it ran: its start and all its GPUs).
    mutating func noteRunningCostReleased(slot: Int, of job: Job) {
        guard var sums = runningCosts.take() else {
            runningCosts = .count(self)
            return
        }
        sums.remove(job.gpuIndices, slot: slot, of: job, in: self)
        runningCosts = sums
    }
}

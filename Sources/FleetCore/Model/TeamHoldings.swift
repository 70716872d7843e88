/// GPUs that running jobs hold, per team, pool and model: kept by the reducer as jobs start, take GPUs and end, so
/// that team standings (quota use) need no pass over 100,000 GPUs on every KPI derivation.
public struct TeamHoldings: Codable, Sendable, Hashable {
    /// The shape the counts are laid out for: a fleet or org definition changes it, and the counts are taken again.
    public private(set) var teams = 0, pools = 0, models = 0
    /// GPUs held at `(team * pools + pool) * models + model`.
    private var counts: [Int32] = []

    /// No holdings, laid out for `teams` × `pools` × `models`.
    init(teams: Int, pools: Int, models: Int) {
        self.teams = max(0, teams)
        self.pools = max(0, pools)
        self.models = max(0, models)
        counts = Array(repeating: 0, count: self.teams * self.pools * self.models)
    }

    /// The holdings of `state` counted from its GPU table: what the reducer's running counts must always equal.
    public static func count(_ s: FleetState) -> TeamHoldings {
        var h = TeamHoldings(teams: s.org.teams.count, pools: s.fleet.pools.count, models: s.fleet.models.count)
        guard !h.counts.isEmpty else { return h }
        for g in 0..<s.gpus.count {
            let slot = Int(s.gpus.allocatedSlot[g])
            guard slot >= 0, slot < s.jobSlots.count, let team = s.jobSlots[slot]?.team else { continue }
            h.add(1, gpu: g, team: team, in: s)
        }
        return h
    }

    /// GPUs team `team` holds in pool `pool` with model `model`; 0 outside the layout.
    public func held(team: Int, pool: Int, model: Int) -> Int {
        guard team >= 0, team < teams, pool >= 0, pool < pools, model >= 0, model < models else { return 0 }
        return Int(counts[(team * pools + pool) * models + model])
    }

    /// Adds `delta` GPUs for GPU `g` (its node gives pool and model) held by team `team`; GPUs of unknown teams,
    /// pools or models are not counted, as `count` does not count them.
    mutating func add(_ delta: Int32, gpu g: Int, team: Int32, in s: FleetState) {
        guard g >= 0, g < s.gpus.count, team >= 0, Int(team) < teams else { return }
        let n = Int(s.gpus.node[g])
        guard n >= 0, n < s.nodes.count else { return }
        let pool = s.nodes[n].pool, model = s.nodes[n].model
        guard pool >= 0, pool < pools, model >= 0, model < models else { return }
        counts[(Int(team) * pools + pool) * models + model] += delta
    }
}

extension FleetState {
    /// Counts `gpus`, now taken (`delta` 1) or released (-1) by a job of `team`, in `teamHoldings`; a state without
    /// holdings yet (one restored from an older snapshot) counts them all from the GPU table instead.
    mutating func noteHoldings(_ gpus: [Int32], team: Int32, delta: Int32) {
        // Moved out (no second reference, no retain of its counts) while it is changed in place.
        guard var holdings = teamHoldings.take() else {
            teamHoldings = .count(self)
            return
        }
        for g in gpus { holdings.add(delta, gpu: Int(g), team: team, in: self) }
        teamHoldings = holdings
    }
}

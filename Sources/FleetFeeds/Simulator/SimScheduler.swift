import FleetCore

/// A small gang scheduler: priority order, quota checks, best-fit placement on nodes, preemption for urgent work.
struct SimScheduler {
    let workload: SimulatedWorkload

    /// Pools a class may run in (by name), and after how long a wait (seconds) it may burst to the cloud.
    static func pools(forClass name: String) -> (home: [String], burstAfter: Double?) {
        switch name {
        case "prod-inference": (["prod-inference"], nil)
        case "regulatory", "retrain": (["shared-training"], 0)
        case "training": (["shared-training"], 1800)
        case "research": (["shared-training", "spot"], nil)
        default: (["spot"], nil)
        }
    }

    func schedule(_ state: inout FleetState, at t: Double, sink: inout EventSink) {
        var free = FreeCapacity(state)
        let classes = state.priorityClasses
        // Only the pending jobs are copied out (the state is read in place), not every live job each tick.
        let pending = state.jobSlots.compactMap { $0?.state == .pending ? $0 : nil }.sorted {
            let ra = rank($0.priorityClass, classes), rb = rank($1.priorityClass, classes)
            return ra != rb ? ra < rb : ($0.submittedAt, $0.id) < ($1.submittedAt, $1.id)
        }
        var blockedGroups = Set<PoolGroup>()
        var preempted = false
        // One preemption attempt per pool group and tick: with nothing preemptible there, retrying for every
        // urgent pending job would scan all jobs again (quadratic at 100k GPUs).
        var triedPreemption = Set<PoolGroup>()
        for job in pending {
            let className = job.priorityClass >= 0 ? classes[Int(job.priorityClass)].name : "best-effort"
            let eligible = eligiblePools(className, waited: t - job.submittedAt, state)
            let group = PoolGroup(pools: eligible, model: job.gpuModel)
            if let reason = quotaReason(job, state) {
                setReason(job, reason, &state, &sink)
                continue
            }
            if let gpus = free.place(gpus: job.gpus, model: job.gpuModel, pools: eligible, state) {
                sink.emit(.jobStarted(id: job.id, at: t, gpus: gpus), into: &state)
                continue
            }
            setReason(job, blockedGroups.contains(group) ? "Priority" : "Resources", &state, &sink)
            blockedGroups.insert(group)
            let urgent = job.priorityClass >= 0 && classes[Int(job.priorityClass)].rank <= 2
            if urgent, !preempted, t - job.submittedAt > 600, triedPreemption.insert(group).inserted {
                preempted = preempt(for: job, pools: eligible, &state, at: t, sink: &sink)
            }
        }
    }

    /// Jobs that wait for the same GPUs: the pools they may run in and the model they ask for (nil: any). A typed key,
    /// where a string made from the pool array cost a description of it per pending job and tick.
    private struct PoolGroup: Hashable {
        let pools: [Int]
        let model: String?
    }

    private func rank(_ c: Int32, _ classes: [PriorityClass]) -> Int {
        c >= 0 && Int(c) < classes.count ? classes[Int(c)].rank : Int.max
    }

    private func eligiblePools(_ className: String, waited: Double, _ state: FleetState) -> [Int] {
        let rule = Self.pools(forClass: className)
        var names = rule.home
        if let after = rule.burstAfter, waited >= after { names.append("cloud-burst") }
        return names.compactMap { name in state.fleet.pools.firstIndex { $0.name == name } }
    }

    /// Teams may run up to quota plus borrowing limit; production services are never held back.
    private func quotaReason(_ job: Job, _ state: FleetState) -> String? {
        guard job.team >= 0, Int(job.team) < state.org.teams.count,
              state.priorityClasses.indices.contains(Int(job.priorityClass)),
              state.priorityClasses[Int(job.priorityClass)].rank > 0 else { return nil }
        let team = state.org.teams[Int(job.team)]
        let used = state.teamUsage[Int(job.team)].allocatedGPUs
        return used + job.gpus > team.quotaGPUs + team.borrowingLimitGPUs ? "QuotaExceeded" : nil
    }

    private func setReason(_ job: Job, _ reason: String, _ state: inout FleetState, _ sink: inout EventSink) {
        if job.pendingReason != reason { sink.emit(.jobPendingReason(id: job.id, reason: reason), into: &state) }
    }

    /// Ends lower-priority preemptible jobs in the job's pools until enough GPUs of its model would be free.
    private func preempt(for job: Job, pools: [Int], _ state: inout FleetState, at t: Double, sink: inout EventSink) -> Bool {
        let classes = state.priorityClasses
        let myRank = rank(job.priorityClass, classes)
        // Candidates as (slot, rank, start) without copying whole jobs.
        var victims: [(slot: Int, rank: Int, started: Double)] = []
        for (slot, v) in state.jobSlots.enumerated() {
            guard let v, v.state == .running, let g = v.gpuIndices.first, v.priorityClass >= 0 else { continue }
            let c = classes[Int(v.priorityClass)]
            let node = state.nodes[Int(state.gpus.node[Int(g)])]
            let modelOK = job.gpuModel == nil || state.fleet.models[node.model].name == job.gpuModel
            if c.preemptible, c.rank > myRank, pools.contains(node.pool), modelOK { victims.append((slot, c.rank, v.startedAt ?? 0)) }
        }
        victims.sort { ($0.rank, $0.started) > ($1.rank, $1.started) }
        var freed = 0
        for v in victims where freed < job.gpus {
            guard let victim = state.jobSlots[v.slot] else { continue }
            sink.emit(.jobEnded(id: victim.id, at: t, outcome: .preempted), into: &state)
            freed += victim.gpuIndices.count
        }
        return freed > 0
    }
}

/// The scheduler commands that carry out an approved request when its window opens, and undo it when it closes.
public struct OverridePlan: Sendable, Hashable {
    /// Which scheduler the commands are for: `slurm`, `kueue` or `none`.
    public var scheduler: String
    public var apply: [String]
    public var revert: [String]
    /// Why there are no commands, when there are none.
    public var note: String

    /// The plan for `r`: Slurm when the team's jobs come from Slurm, Kueue for Kueue, none for simulated fleets.
    public static func plan(_ request: OverrideRequest, _ s: FleetState) -> OverridePlan {
        let source = schedulerSource(team: request.team, s)
        guard let source else {
            return OverridePlan(scheduler: "none", apply: [], revert: [], note: "no scheduler feed: the override is recorded and shown only")
        }
        let team = s.teamIndex(named: request.team)
        let gpus = request.gpus ?? 0
        let pending = s.jobSlots.compactMap { $0 }.filter { $0.team == Int32(team ?? -1) && $0.state == .pending }.prefix(50)
        if source.hasPrefix("kueue") {
            let queue = s.queueQuotas?.first { $0.name == request.team || $0.name == "\(request.team)-cq" }?.name ?? request.team
            let nominal = s.queueQuotas?.first { $0.name == queue }?.nominalGPUs.map { Int($0) } ?? team.map { s.org.teams[$0].quotaGPUs } ?? 0
            switch request.kind {
            case .quota, .borrowProd, .retrain:
                return OverridePlan(scheduler: "kueue", apply: [kueueQuota(queue, nominal + gpus)], revert: [kueueQuota(queue, nominal)], note: "")
            case .priority:
                let ids = pending.compactMap { workload($0.id) }
                return OverridePlan(scheduler: "kueue", apply: ids.map { "kubectl patch workload \($0.name) -n \($0.namespace) --type=merge -p '{\"spec\":{\"priority\":1000000}}'" },
                                    revert: [], note: ids.isEmpty ? "no pending workloads of \(request.team) now" : "")
            case .preemption:
                let impact = Effects.impact(request, s)
                return OverridePlan(scheduler: "kueue", apply: impact.displaced.compactMap { d in
                    workload(d.jobID).map { "kubectl patch workload \($0.name) -n \($0.namespace) --type=merge -p '{\"spec\":{\"active\":false}}'" }
                }, revert: [], note: impact.displaced.isEmpty ? "free GPUs cover it: nothing to preempt" : "")
            case .budget, .dispute:
                return OverridePlan(scheduler: "kueue", apply: [], revert: [], note: "nothing to change in the scheduler")
            }
        }
        let via = source.hasPrefix("slurm via ") ? String(source.dropFirst("slurm via ".count)) + " " : ""
        let limit = s.schedulerLimits?.first { $0.kind == .association && $0.name == request.team && $0.user.isEmpty }?.groupGPUs
        let current = limit ?? team.map { s.org.teams[$0].quotaGPUs } ?? 0
        let account = { (n: Int) in "\(via)sacctmgr -i modify account name=\(request.team) set GrpTRES=gres/gpu=\(n)" }
        switch request.kind {
        case .quota, .borrowProd, .retrain:
            return OverridePlan(scheduler: "slurm", apply: [account(current + gpus)], revert: [account(current)], note: "")
        case .priority:
            return OverridePlan(scheduler: "slurm", apply: pending.map { "\(via)scontrol update JobId=\($0.id) Nice=-10000" },
                                revert: pending.map { "\(via)scontrol update JobId=\($0.id) Nice=0" },
                                note: pending.isEmpty ? "no pending jobs of \(request.team) now" : "")
        case .preemption:
            let impact = Effects.impact(request, s)
            return OverridePlan(scheduler: "slurm", apply: impact.displaced.map { "\(via)scontrol requeue \($0.jobID)" }, revert: [],
                                note: impact.displaced.isEmpty ? "free GPUs cover it: nothing to preempt" : "")
        case .budget, .dispute:
            return OverridePlan(scheduler: "slurm", apply: [], revert: [], note: "nothing to change in the scheduler")
        }
    }

    /// The scheduler source of the team's jobs (or of any job), nil when only simulated or replayed jobs exist.
    static func schedulerSource(team: String, _ s: FleetState) -> String? {
        let t = s.teamIndex(named: team).map(Int32.init)
        var any: String?
        for case let job? in s.jobSlots {
            guard let source = job.scheduler?.source, source != "replay" else { continue }
            if job.team == t { return source }
            any = any ?? source
        }
        return any
    }

    private static func kueueQuota(_ queue: String, _ n: Int) -> String {
        "kubectl patch clusterqueue \(queue) --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/resourceGroups/0/flavors/0/resources/0/nominalQuota\",\"value\":\"\(n)\"}]'"
    }

    private static func workload(_ id: String) -> (namespace: Substring, name: Substring)? {
        let parts = id.split(separator: "/", maxSplits: 1)
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }
}

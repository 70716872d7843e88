import FleetCore

/// Turns a trace into fleet events in time order, placing started jobs on GPUs of the traced nodes.
///
/// Fleet time is `epoch` + trace seconds. Jobs start when the trace says, whether or not they fit: a job that finds
/// no room (the trace has no placements) starts holding the GPUs it could get and is counted in `unplaced`.
/// Fractional jobs (`gpu_milli` < 1000) share a GPU that has milli-GPUs left; the GPU counts as allocated once.
public struct TraceReplayer: Sendable {
    public let trace: ReplayTrace
    public let epoch: Double
    /// What happens, sorted by time; at one time ends come before submissions, submissions before starts.
    private let steps: [Step]
    private var next = 0
    private var milliUsed: [Int32]
    private var freeMilliOnNode: [Int]
    private var held: [Int: [Int32]] = [:]
    private let nodeFirstGPU: [Int]
    /// Jobs that started holding fewer GPUs than they asked for.
    public private(set) var unplaced = 0

    private struct Step: Sendable {
        var at: Double
        var kind: UInt8  // 0 end, 1 submit, 2 start
        var job: Int32
        /// Order among steps at the same time: submits, then ends (freeing GPUs), then starts, then the ends of jobs
        /// that ran for no time — so a job's own steps always come submit, start, end.
        var rank: UInt8
    }

    /// A replayer at the start of `trace`, fleet time `epoch`.
    public init(trace: ReplayTrace, epoch: Double) {
        self.trace = trace
        self.epoch = epoch
        var steps: [Step] = []
        steps.reserveCapacity(trace.jobs.count * 3)
        for (i, j) in trace.jobs.enumerated() {
            steps.append(Step(at: j.submit, kind: 1, job: Int32(i), rank: 0))
            if let s = j.start { steps.append(Step(at: s, kind: 2, job: Int32(i), rank: 2)) }
            if let e = j.end { steps.append(Step(at: e, kind: 0, job: Int32(i), rank: e == j.start ? 3 : 1)) }
        }
        steps.sort { ($0.at, $0.rank, $0.job) < ($1.at, $1.rank, $1.job) }
        self.steps = steps
        var first: [Int] = []
        var total = 0
        for n in trace.nodes {
            first.append(total)
            total += n.gpus
        }
        nodeFirstGPU = first
        milliUsed = Array(repeating: 0, count: total)
        freeMilliOnNode = trace.nodes.map { $0.gpus * 1000 }
    }

    /// Whether every step has been emitted.
    public var finished: Bool { next >= steps.count }
    /// Trace seconds of the last step.
    public var duration: Double { steps.last?.at ?? 0 }
    /// Fleet time of the next step, nil when finished.
    public var nextStepAt: Double? { next < steps.count ? epoch + steps[next].at : nil }
        /// Steps emitted and in all.
    public var progress: (done: Int, total: Int) { (next, steps.count) }

    /// The fleet, org and policy the replay runs in.
    public func genesis(policy: PolicySpec) -> [FleetEvent] {
        let models = Array(Set(trace.nodes.map(\.model))).sorted()
        let spec = FleetSpec(
            name: trace.name, clusters: [Cluster(name: trace.name, region: "trace")],
            pools: [Pool(name: "trace", cluster: 0, purchase: .onPrem)],
            models: models.map { GPUModel(name: $0, memoryMiB: 0, tdpWatts: 0) },
            nodes: trace.nodes.map { n in
                NodeSpec(name: n.name, pool: 0, model: models.firstIndex(of: n.model) ?? 0, gpuCount: n.gpus, zone: "",
                         gpuUUIDs: (0..<n.gpus).map { "\(n.name)/gpu\($0)" })
            })
        let teams = Array(Set(trace.jobs.map(\.team))).sorted()
        let org = OrgSpec(name: trace.name, departments: [Department(name: "trace", costCenter: "")],
                          teams: teams.map { Team(name: $0, department: 0, costCenter: "", quotaGPUs: 0, borrowingLimitGPUs: 0,
                                                  monthlyBudget: 0, projects: [], limitsSet: false) })
        return [.fleetDefined(spec), .orgDefined(org), .policyDefined(policy)]
    }

    /// The events of every step up to fleet time `t`, in order; a policy's `trace:QOS` mapping picks the class.
    public mutating func events(upTo t: Double, policy: PolicySpec? = nil) -> [FleetEvent] {
        var out: [FleetEvent] = []
        while next < steps.count, epoch + steps[next].at <= t {
            let step = steps[next]
            next += 1
            let j = Int(step.job)
            let job = trace.jobs[j]
            let at = epoch + step.at
            switch step.kind {
            case 1:
                out.append(.jobSubmitted(JobSubmission(
                    id: job.id, name: job.id, team: job.team, project: "",
                    priorityClass: policy?.rules?.classOfSchedulerName["trace:\(job.qos)"] ?? job.priorityClass, gpus: job.gpus,
                    gpuModel: job.models.first, submittedAt: at,
                    scheduler: SchedulerFields(queue: "", qos: job.priorityClass, user: "", source: "replay",
                                               priority: nil, nodes: []))))
            case 2:
                out.append(.jobStarted(id: job.id, at: at, gpus: place(job, index: j)))
            default:
                release(j)
                out.append(.jobEnded(id: job.id, at: at, outcome: job.start == nil ? .cancelled : job.outcome))
            }
        }
        return out
    }

    /// First fit: the first node of an allowed model with enough GPUs that have `gpuMilli` free.
    private mutating func place(_ job: ReplayTrace.Job, index: Int) -> [Int32] {
        guard job.gpus > 0 else { return [] }
        let need = job.gpuMilli
        var best: [Int32] = []
        for (n, node) in trace.nodes.enumerated() where freeMilliOnNode[n] >= need * job.gpus {
            if !job.models.isEmpty, !job.models.contains(node.model) { continue }
            var found: [Int32] = []
            for g in nodeFirstGPU[n]..<(nodeFirstGPU[n] + node.gpus) where 1000 - Int(milliUsed[g]) >= need {
                found.append(Int32(g))
                if found.count == job.gpus { break }
            }
            if found.count == job.gpus { best = found; break }
            if found.count > best.count { best = found }
        }
        if best.count < job.gpus { unplaced += 1 }
        for g in best {
            milliUsed[Int(g)] += Int32(need)
            freeMilliOnNode[node(of: Int(g))] -= need
        }
        held[index] = best
        return best
    }

    private mutating func release(_ index: Int) {
        guard let gpus = held.removeValue(forKey: index) else { return }
        let need = trace.jobs[index].gpuMilli
        for g in gpus {
            milliUsed[Int(g)] -= Int32(need)
            freeMilliOnNode[node(of: Int(g))] += need
        }
    }

    private func node(of gpu: Int) -> Int {
        // Binary search over the nodes' first GPU indices.
        var low = 0, high = nodeFirstGPU.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if nodeFirstGPU[mid] <= gpu { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

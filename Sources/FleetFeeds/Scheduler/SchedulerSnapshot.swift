import FleetCore

/// A job as a scheduler (Slurm, Kueue, a trace) reports it, before mapping into fleet events.
public struct SchedulerJob: Sendable, Hashable {
    /// Unique id: `123`, array task `123_4`, het component `123+1`.
    public var id: String
    public var name = ""
    public var user = ""
    /// Slurm account or Kubernetes namespace; mapped to a team.
    public var account = ""
    /// Partition, ClusterQueue or LocalQueue the job waits in.
    public var queue = ""
    /// QOS or workload priority class name; mapped to a priority class.
    public var qos = ""
    public var state: SchedulerJobState = .pending
    /// Why the job waits (Resources, Priority, QOSMaxGRESPerUser, …) or why it ended.
    public var reason = ""
    /// The scheduler's priority number (higher runs first), when reported.
    public var priority: Double?
    public var submittedAt: Double?
    public var startedAt: Double?
    public var endedAt: Double?
    /// GPUs the job holds when running, else requests.
    public var gpus = 0
    /// GPU type asked for (`gres/gpu:h100`), canonicalised, or nil for any.
    public var gpuModel: String?
    /// Host names the job runs on (expanded from a host list).
    public var nodes: [String] = []
    /// Place in its queue while pending (Kueue's `positionInClusterQueue`, 0 = next), when reported.
    public var queuePosition: Int?

    /// A job with this id.
    public init(id: String) { self.id = id }
}

/// A scheduler job state, folded to what the fleet model distinguishes.
public enum SchedulerJobState: String, Sendable, Hashable {
    case pending, running, completed, failed, cancelled, preempted

    /// The state of Slurm's base state names (`PENDING`, `RUNNING`, `NODE_FAIL`, …); flags are ignored.
    public static func slurm(_ names: [String]) -> SchedulerJobState? {
        for name in names {
            switch name.uppercased() {
            case "PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD", "CONFIGURING": return .pending
            case "RUNNING", "COMPLETING", "SUSPENDED", "STAGE_OUT", "SIGNALING", "RESIZING": return .running
            case "COMPLETED": return .completed
            case "FAILED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "SPECIAL_EXIT": return .failed
            case "CANCELLED", "REVOKED": return .cancelled
            case "PREEMPTED": return .preempted
            default: continue
            }
        }
        return nil
    }
}

/// A node as a scheduler reports it.
public struct SchedulerNode: Sendable, Hashable {
    public var name: String
    public var gpus = 0
    /// GPUs in use as the node's `gres_used`/`tres_used` says; nil when the document does not say.
    public var gpusAllocated: Int?
    public var gpuModel: String?
    public var state: NodeState = .up
    /// The scheduler's state words (IDLE, MIXED+DRAIN, …) for display.
    public var stateText = ""
    public var reason = ""
    public var partitions: [String] = []

    /// A node with this name.
    public init(name: String) { self.name = name }
}

/// What one fetch of a scheduler source said; nil members mean "this output does not cover it".
public struct SchedulerSnapshot: Sendable {
    /// Which output it was: `squeue`, `sinfo`, `sacct`, `slurmrestd jobs`, …
    public var kind: String
    /// data_parser / OpenAPI version from the `meta` block, e.g. `v0.0.41`.
    public var version: String?
    public var cluster: String?
    /// The time the document describes: its `last_update`, else the newest time in it.
    public var documentTime: Double?
    /// Live jobs (squeue / slurmrestd jobs): the complete set of pending and running jobs.
    public var jobs: [SchedulerJob]?
    /// Accounting records (sacct): finished jobs are taken from these; others are ignored.
    public var accountingJobs: [SchedulerJob]?
    public var nodes: [SchedulerNode]?
    /// Association and QOS GPU limits; replace the known limits of the kinds present.
    public var limits: [SchedulerLimit]?
    /// The fair-share tree (sshare).
    public var shares: [FairShareRecord]?
    /// Priority factors per job id (sprio).
    public var priorityFactors: [String: [String: Double]]?
    /// Kueue ClusterQueues and Cohorts, with GPU quota and usage.
    public var queues: [SchedulerQueue]?
    /// Kueue LocalQueues: `namespace/name` → the ClusterQueue they feed.
    public var localQueues: [String: String]?
    /// Pending workloads' places in their ClusterQueue by job id (Kueue visibility API), for jobs of any snapshot
    /// of the same update (`SchedulerUpdate.applyQueuePositions`).
    public var queuePositions: [String: Int]?
    /// Objects read but not used: Jobs that Kueue manages through their Workloads, kinds that carry nothing here.
    public var skippedObjects = 0
    /// Objects that could not be mapped, with where and why.
    public var problems: [String] = []

    /// An empty snapshot of `kind`.
    public init(kind: String) { self.kind = kind }
}

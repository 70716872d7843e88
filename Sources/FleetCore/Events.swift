/// Everything that can happen to the fleet; the reducer is the only thing that turns these into state.
///
/// The rare cases with large payloads are `indirect` (boxed): an event is as large as its largest inline case, and
/// every scheduler event is copied as the reducer reads it, so inline definitions made each copy several times larger.
public enum FleetEvent: Codable, Sendable, Hashable {
    /// Declares (or replaces) the fleet's clusters, pools, nodes and GPUs.
    indirect case fleetDefined(FleetSpec)
    /// Declares (or replaces) the organisation tree with quotas and budgets.
    indirect case orgDefined(OrgSpec)
    /// Declares (or replaces) priority classes, prices and thresholds.
    indirect case policyDefined(PolicySpec)
    /// Advances the fleet clock (seconds since the epoch of the source's clock).
    case clock(at: Double)
    case jobSubmitted(JobSubmission)
    /// A pending job started on the given GPUs.
    case jobStarted(id: String, at: Double, gpus: [Int32])
    case jobEnded(id: String, at: Double, outcome: JobOutcome)
    /// A running job's GPUs became known after it started (its nodes joined the fleet later): it holds these too.
    case jobPlaced(id: String, gpus: [Int32])
    /// GPUs in use on nodes as the scheduler reports them (nil: it no longer says).
    case nodeAllocation([NodeAllocationReport])
    /// The scheduler's reason a pending job is waiting changed.
    case jobPendingReason(id: String, reason: String)
    /// The scheduler re-ranked pending jobs (Slurm priorities age); only changed jobs are listed.
    case jobPriorities([JobPriorityUpdate])
    /// Queue quotas and use as last reported by a scheduler (Kueue ClusterQueues and Cohorts; replaces the previous).
    case queueQuotas([QueueQuota])
    /// Association and QOS GPU limits as last reported (replaces the previous list).
    case schedulerLimits([SchedulerLimit])
    /// The scheduler's fair-share tree as last reported (replaces the previous one).
    case fairShare([FairShareRecord])
    case telemetry(TelemetryBatch)
    /// Who uses these GPUs changed, according to telemetry labels (pods, HPC jobs).
    case gpuOwners([GPUOwnerUpdate])
    /// The MIG instances of a GPU as last reported (empty: MIG off).
    case migInstances(gpu: Int32, instances: [MIGInstance])
    /// An XID error reported by a GPU.
    case xid(gpu: Int32, code: Int, at: Double)
    case nodeState(node: Int32, state: NodeState, reason: String, at: Double)
    indirect case feedStatus(FeedStatus)
    /// Request counters of inference services (for cost per inference).
    case inferenceCounters(at: Double, [InferenceCounter])
    /// Override requests, decisions and executed plans (written by any process on the store, not only the writer).
    indirect case governance(GovernanceEvent)
}

extension FleetEvent {
    /// The fleet time the event moves the clock to, if it carries one.
    public var fleetTime: Double? {
        switch self {
        case .clock(let at), .jobStarted(_, let at, _), .jobEnded(_, let at, _), .xid(_, _, let at), .nodeState(_, _, _, let at):
            at
        case .jobSubmitted(let s): s.submittedAt
        case .telemetry(let batch): batch.at
        default: nil
        }
    }
}

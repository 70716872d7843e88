/// Where a job is in its life.
public enum JobState: String, Codable, Sendable, CaseIterable {
    case pending, running, completed, failed, preempted, cancelled

    /// Whether the job has ended.
    public var isFinal: Bool { self != .pending && self != .running }
}

/// How a job ended.
public enum JobOutcome: String, Codable, Sendable {
    case completed, failed, preempted, cancelled

    var state: JobState {
        switch self {
        case .completed: .completed
        case .failed: .failed
        case .preempted: .preempted
        case .cancelled: .cancelled
        }
    }
}

/// A job as a scheduler reports it when submitted.
public struct JobSubmission: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var team: String
    public var project: String
    public var priorityClass: String
    public var gpus: Int
    /// Required GPU model name, or nil for any.
    public var gpuModel: String?
    public var submittedAt: Double
    /// What the scheduler said beyond the basics; nil for simulated jobs.
    public var scheduler: SchedulerFields?
    public init(id: String, name: String, team: String, project: String, priorityClass: String, gpus: Int,
                gpuModel: String?, submittedAt: Double, scheduler: SchedulerFields? = nil) {
        self.id = id
        self.name = name
        self.team = team
        self.project = project
        self.priorityClass = priorityClass
        self.gpus = gpus
        self.gpuModel = gpuModel
        self.submittedAt = submittedAt
        self.scheduler = scheduler
    }
}

/// A job's live record; team and class are indices into the org and policy.
public struct Job: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    /// Team index, or -1 when the team is unknown to the org tree.
    public var team: Int32
    public var project: String
    /// Priority class index, or -1 when unknown.
    public var priorityClass: Int32
    public var gpus: Int
    public var gpuModel: String?
    public var state: JobState
    public var submittedAt: Double
    public var startedAt: Double?
    public var endedAt: Double?
    /// Indices of the GPUs held while running.
    public var gpuIndices: [Int32]
    /// Why the job waits, as the scheduler says (e.g. Resources, Priority).
    public var pendingReason: String
    /// Queue, QOS, user, feed and priority as a real scheduler reported them; nil for simulated jobs.
    public var scheduler: SchedulerFields?

    /// The queue the job waits in: the scheduler's partition/ClusterQueue, else its priority class.
    public func queueName(classes: [PriorityClass]) -> String {
        if let queue = scheduler?.queue, !queue.isEmpty { return queue }
        return priorityClass >= 0 && Int(priorityClass) < classes.count ? classes[Int(priorityClass)].name : "—"
    }

    /// Queue wait: start − submit for started jobs, now − submit for pending ones.
    public func wait(now: Double) -> Double {
        (startedAt ?? now) - submittedAt
    }
}

/// A job's scheduler-side details (Slurm, Kueue, trace replay).
public struct SchedulerFields: Codable, Sendable, Hashable {
    /// Partition, ClusterQueue or LocalQueue.
    public var queue: String
    /// QOS or workload priority class as the scheduler names it.
    public var qos: String
    public var user: String
    /// Name of the feed that reported the job; the feed's next complete job list ends the ones it no longer has.
    public var source: String
    /// The scheduler's priority number (higher first), when reported.
    public var priority: Double?
    /// Host names the job runs on.
    public var nodes: [String]
    /// Weighted priority factors (Slurm `sprio`), when known.
    public var priorityFactors: [String: Double]?
    /// Place in its queue as the scheduler reports it (Kueue visibility API, 0 = next), when known.
    public var queuePosition: Int?
    public init(queue: String, qos: String, user: String, source: String, priority: Double?, nodes: [String]) {
        self.queue = queue
        self.qos = qos
        self.user = user
        self.source = source
        self.priority = priority
        self.nodes = nodes
    }
}

/// A job's new scheduler priority.
public struct JobPriorityUpdate: Codable, Sendable, Hashable {
    public var id: String
    public var priority: Double
    /// The weighted factors that make up the priority (Slurm `sprio`: age, fairshare, qos, …), when known.
    public var factors: [String: Double]?
    /// The scheduler's own queue position, when it reports one.
    public var position: Int?
    public init(id: String, priority: Double, factors: [String: Double]? = nil, position: Int? = nil) {
        self.id = id
        self.priority = priority
        self.factors = factors
        self.position = position
    }
}

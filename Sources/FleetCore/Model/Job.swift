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

    /// What the reducer reads of a job as it starts.
    struct Started {
        var team: Int32
        var project: String
        var gpus: Int
        var priorityClass: Int32
        var submittedAt: Double
        var queue: String?
    }

    /// Starts a pending job on `held` at `at` and returns what the reducer reads of it; nil, with nothing changed,
    /// when it is not pending. Called through its optional slot, so that the job changes in place.
    mutating func start(at: Double, gpus held: [Int32]) -> Started? {
        guard state == .pending else { return nil }
        state = .running
        startedAt = at
        gpuIndices = held
        pendingReason = ""
        return Started(team: team, project: project, gpus: gpus, priorityClass: priorityClass, submittedAt: submittedAt,
                       queue: scheduler?.queue)
    }

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

/// What a scheduler says about a job beyond fleetdeck's own fields.
///
/// Stored out of line with copy-on-write: jobs are copied often (job tables, sorting, panes) and eight scheduler
/// fields inline made every copy retain them all; this way a copy retains one reference.
public struct SchedulerFields: Codable, Sendable, Hashable {
    /// The fields themselves (also the stored JSON shape, so snapshots read as before).
    struct Values: Codable, Hashable {
        var queue: String
        var qos: String
        var user: String
        var source: String
        var priority: Double?
        var nodes: [String]
        var priorityFactors: [String: Double]?
        var queuePosition: Int?
    }

    /// Mutated only after `isKnownUniquelyReferenced` (copy-on-write), so sharing it across threads is safe.
    private final class Storage: @unchecked Sendable {
        var values: Values
        init(_ values: Values) { self.values = values }
    }

    private var storage: Storage

    private mutating func update(_ change: (inout Values) -> Void) {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.values) }
        change(&storage.values)
    }

    /// Partition, ClusterQueue or LocalQueue.
    public var queue: String { get { storage.values.queue } set { update { $0.queue = newValue } } }
    /// QOS or workload priority class as the scheduler names it.
    public var qos: String { get { storage.values.qos } set { update { $0.qos = newValue } } }
    public var user: String { get { storage.values.user } set { update { $0.user = newValue } } }
    /// Name of the feed that reported the job; the feed's next complete job list ends the ones it no longer has.
    public var source: String { get { storage.values.source } set { update { $0.source = newValue } } }
    /// The scheduler's priority number (higher first), when reported.
    public var priority: Double? { get { storage.values.priority } set { update { $0.priority = newValue } } }
    /// Host names the job runs on.
    public var nodes: [String] { get { storage.values.nodes } set { update { $0.nodes = newValue } } }
    /// Weighted priority factors (Slurm `sprio`), when known.
    public var priorityFactors: [String: Double]? { get { storage.values.priorityFactors } set { update { $0.priorityFactors = newValue } } }
    /// Place in its queue as the scheduler reports it (Kueue visibility API, 0 = next), when known.
    public var queuePosition: Int? { get { storage.values.queuePosition } set { update { $0.queuePosition = newValue } } }

    /// Fields as a scheduler feed reports them.
    public init(queue: String, qos: String, user: String, source: String, priority: Double?, nodes: [String]) {
        storage = Storage(Values(queue: queue, qos: qos, user: user, source: source, priority: priority, nodes: nodes))
    }

    public init(from decoder: any Decoder) throws { storage = Storage(try Values(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try storage.values.encode(to: encoder) }
    public static func == (a: SchedulerFields, b: SchedulerFields) -> Bool { a.storage === b.storage || a.storage.values == b.storage.values }
    public func hash(into hasher: inout Hasher) { hasher.combine(storage.values) }
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

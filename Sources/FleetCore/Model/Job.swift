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
    public init(id: String, name: String, team: String, project: String, priorityClass: String, gpus: Int,
                gpuModel: String?, submittedAt: Double) {
        self.id = id
        self.name = name
        self.team = team
        self.project = project
        self.priorityClass = priorityClass
        self.gpus = gpus
        self.gpuModel = gpuModel
        self.submittedAt = submittedAt
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

    /// Queue wait: start − submit for started jobs, now − submit for pending ones.
    public func wait(now: Double) -> Double {
        (startedAt ?? now) - submittedAt
    }
}

import FleetCore
import Foundation

/// One update from a scheduler source: snapshots, or why there are none.
public struct SchedulerUpdate: Sendable {
    /// Wall-clock time of the update.
    public var at: Double
    public var snapshots: [SchedulerSnapshot] = []
    /// The fetch failed entirely; nothing from this update is used.
    public var failure: String?
    /// Objects or outputs that were skipped; the rest of the update is used.
    public var problemCount = 0
    /// The first problem with its location, for display.
    public var firstProblem: String?
    /// For a saved document, the time it describes; events are timed by it instead of the wall clock.
    public var documentTime: Double?

    /// An update taken at `at`.
    public init(at: Double) { self.at = at }

    /// A failed update.
    public static func failed(_ message: String, at: Double) -> SchedulerUpdate {
        var u = SchedulerUpdate(at: at)
        u.failure = FeedText.clean(message)
        return u
    }

    /// Adds a parsed document's snapshot, or its error as a problem, naming `what` it came from.
    mutating func add(_ result: Result<SchedulerSnapshot, SchedulerParseError>, from what: String) {
        switch result {
        case .success(let snapshot):
            snapshots.append(snapshot)
            for p in snapshot.problems { noteProblem("\(what) \(p)") }
        case .failure(let error):
            noteProblem("\(what) \(error)")
        }
    }

    /// The time events of this update happen at: the document's own time for a saved file, else when it was taken.
    public var eventTime: Double { documentTime ?? at }

    /// Whether any document of the update is a complete live job list.
    public var hasJobList: Bool { snapshots.contains { $0.jobs != nil } }

    /// sacct or slurmdb records alone: with no live job list in the update, the records still pending or running are
    /// the live jobs (finished ones stay history).
    public mutating func promoteAccountingWithoutJobList() {
        guard !hasJobList else { return }
        for i in snapshots.indices {
            guard let records = snapshots[i].accountingJobs else { continue }
            snapshots[i].jobs = records.filter { $0.state == .pending || $0.state == .running }
        }
    }

    mutating func noteProblem(_ text: String) {
        problemCount += 1
        if firstProblem == nil { firstProblem = FeedText.clean(text) }
    }
}

/// Where scheduler state comes from, as configured by flags.
public enum SchedulerSourceConfig: Sendable, Hashable {
    /// The Slurm commands (`squeue/sinfo/sacct --json`), run locally or behind a prefix such as `ssh login1`.
    case slurmCommands(via: String?)
    /// A saved Slurm JSON document (squeue, sinfo, sacct or a slurmrestd response), re-read every interval.
    case slurmJSON(path: String)
    /// slurmrestd over HTTP (`http://host:6820`, JWT auth) or a unix socket (`unix:/path`, local auth).
    case slurmrestd(url: String, auth: SlurmAuth?)
    /// Kueue objects (`kubectl get … -o json`, YAML manifests): a file path, re-read every interval, or else a
    /// command run every interval.
    case kueue(String)

    /// Display name of the source.
    public var name: String {
        switch self {
        case .slurmCommands(let via): via.map { "slurm via \($0)" } ?? "slurm commands"
        case .slurmJSON(let path): "slurm-json \(path)"
        case .slurmrestd(let url, _): "slurmrestd \(url)"
        case .kueue(let spec): "kueue \(spec)"
        }
    }

    /// Kind shown in the feeds pane.
    public var kind: String {
        switch self {
        case .slurmCommands: "slurm-cli"
        case .slurmJSON: "slurm-json"
        case .slurmrestd: "slurmrestd"
        case .kueue: "kueue"
        }
    }

    /// A fetcher for this source, to be used on one thread.
    public func makeSource(timeout: Double) -> any SchedulerSource {
        switch self {
        case .slurmCommands(let via): SlurmCommandSource(via: via, timeout: timeout)
        case .slurmJSON(let path): SlurmFileSource(path: path)
        case .slurmrestd(let url, let auth): SlurmRESTSource(baseURL: url, auth: auth, timeout: timeout)
        case .kueue(let spec): KueueSource(spec: spec, timeout: timeout)
        }
    }
}

/// slurmrestd JWT credentials: the user name and token sent as `X-SLURM-USER-NAME` / `X-SLURM-USER-TOKEN`.
public struct SlurmAuth: Sendable, Hashable {
    public var user: String
    public var token: String
    public init(user: String, token: String) {
        self.user = user
        self.token = token
    }
}

/// Something that produces scheduler updates; `fetch` blocks (bounded by the source's timeout).
public protocol SchedulerSource {
    /// Takes one update.
    mutating func fetch() -> SchedulerUpdate
}

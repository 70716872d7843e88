import Foundation
import Synchronization

/// slurmrestd: `/slurm/vX/jobs` and `/slurm/vX/nodes` over HTTP with a JWT, or over a unix socket with local auth.
///
/// The version is found once by asking for the newest API first (a 22.05 server serves v0.0.36…v0.0.38 only)
/// and asked again after a failure, since the server may have been upgraded.
struct SlurmRESTSource: SchedulerSource {
    static let versions = ["v0.0.44", "v0.0.43", "v0.0.42", "v0.0.41", "v0.0.40", "v0.0.39", "v0.0.38", "v0.0.37"]
    static let maxBytes = 512 << 20
    let baseURL: String
    let auth: SlurmAuth?
    let timeout: Double
    private var version: String?

    init(baseURL: String, auth: SlurmAuth?, timeout: Double) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.auth = auth
        self.timeout = timeout
    }

    mutating func fetch() -> SchedulerUpdate {
        let at = wallClock()
        if version == nil {
            switch discoverVersion() {
            case .success(let v): version = v
            case .failure(let problem): return .failed(problem.description, at: at)
            }
        }
        let v = version ?? ""
        var update = SchedulerUpdate(at: at)
        switch get("/slurm/\(v)/jobs") {
        case .failure(let problem):
            version = nil
            return .failed("jobs: \(problem)", at: at)
        case .success(let body):
            let parsed = SlurmJSON.parse(body)
            if case .failure(let error) = parsed { return .failed("/slurm/\(v)/jobs \(error)", at: at) }
            update.add(parsed, from: "jobs")
        }
        switch get("/slurm/\(v)/nodes") {
        case .failure(let problem): update.noteProblem("nodes: \(problem)")
        case .success(let body): update.add(SlurmJSON.parse(body), from: "nodes")
        }
        // Limits live in slurmdbd; a cluster without accounting answers an error, counted as a problem.
        for what in ["associations", "qos"] {
            switch get("/slurmdb/\(v)/\(what)") {
            case .failure(let problem): update.noteProblem("\(what): \(problem)")
            case .success(let body): update.add(SlurmJSON.parse(body), from: what)
            }
        }
        return update
    }

    private func discoverVersion() -> Result<String, CommandFailure> {
        var last = CommandFailure("no API version answered")
        for v in Self.versions {
            switch get("/slurm/\(v)/ping") {
            case .success: return .success(v)
            case .failure(let problem):
                last = problem
                // Authentication and connection failures are the same for every version: stop asking.
                if problem.description.contains("401") || problem.description.contains("403")
                    || problem.description.contains("connect") { return .failure(problem) }
            }
        }
        return .failure(CommandFailure("no Slurm REST API version v0.0.37…v0.0.44 answered (\(last))"))
    }

    /// The body of a 200 response to `path`.
    private func get(_ path: String) -> Result<Data, CommandFailure> {
        var headers: [String: String] = [:]
        if let auth {
            headers["X-SLURM-USER-NAME"] = auth.user
            headers["X-SLURM-USER-TOKEN"] = auth.token
        }
        if baseURL.hasPrefix("unix:") {
            let socket = String(baseURL.dropFirst("unix:".count))
            switch UnixSocketHTTP.get(socket: socket, target: path, headers: headers, timeout: timeout, maxBytes: Self.maxBytes) {
            case .failure(let problem): return .failure(problem)
            case .success(let response):
                guard response.status == 200 else { return .failure(CommandFailure("HTTP status \(response.status)")) }
                return .success(response.body)
            }
        }
        let body = Mutex(Data())
        if let failure = HTTPFetch.get(baseURL + path, headers: headers, timeout: timeout, maxBytes: Self.maxBytes,
                                       chunk: { piece in body.withLock { $0.append(piece) } }) {
            return .failure(CommandFailure(failure.description))
        }
        return .success(body.withLock { $0 })
    }
}

import Foundation

/// Runs `squeue --json`, `sinfo --json`, `sacct --json -S …`, `sshare -a -l -P`, `sprio -l` and `sacctmgr show
/// assoc/qos` (optionally behind `ssh login1`) on each fetch.
///
/// squeue is required: without it the update fails and the last good state stays. sinfo and sacct failing only
/// counts as a problem. sacct always gets `-S` (without it, it reports only today's jobs since midnight).
struct SlurmCommandSource: SchedulerSource {
    let via: String?
    let timeout: Double
    private var lastFetch: Double?

    init(via: String?, timeout: Double) {
        self.via = via
        self.timeout = timeout
    }

    mutating func fetch() -> SchedulerUpdate {
        let at = wallClock()
        var update = SchedulerUpdate(at: at)
        switch run("squeue --json") {
        case .failure(let problem): return .failed("squeue: \(problem)", at: at)
        case .success(let data):
            let parsed = SlurmJSON.parse(data)
            if case .failure(let error) = parsed { return .failed("squeue --json \(error)", at: at) }
            update.add(parsed, from: "squeue")
        }
        switch run("sinfo --json") {
        case .failure(let problem): update.noteProblem("sinfo: \(problem)")
        case .success(let data): update.add(SlurmJSON.parse(data), from: "sinfo")
        }
        // Jobs that ended since the previous poll (with a minute of overlap), or in the last hour at first.
        let since = Int(max(60, at - (lastFetch ?? at - 3600) + 60))
        switch run("sacct --json -a -S now-\(since)") {
        case .failure(let problem): update.noteProblem("sacct: \(problem)")
        case .success(let data): update.add(SlurmJSON.parse(data), from: "sacct")
        }
        switch run("sshare -a -l -P") {
        case .failure(let problem): update.noteProblem("sshare: \(problem)")
        case .success(let data):
            var snapshot = SchedulerSnapshot(kind: "sshare")
            switch SlurmTextOutputs.shares(String(decoding: data, as: UTF8.self)) {
            case .success(let rows): snapshot.shares = rows; update.snapshots.append(snapshot)
            case .failure(let error): update.noteProblem("sshare \(error)")
            }
        }
        switch run("sprio -l") {
        case .failure(let problem): update.noteProblem("sprio: \(problem)")
        case .success(let data):
            var snapshot = SchedulerSnapshot(kind: "sprio")
            switch SlurmTextOutputs.priorities(String(decoding: data, as: UTF8.self)) {
            case .success(let factors): snapshot.priorityFactors = factors; update.snapshots.append(snapshot)
            case .failure(let error): update.noteProblem("sprio \(error)")
            }
        }
        var limits = SchedulerSnapshot(kind: "sacctmgr")
        switch (run("sacctmgr -n -P show assoc format=Account,User,ParentName,GrpTRES,MaxTRESPerJob"),
                run("sacctmgr -n -P show qos format=Name,Priority,GrpTRES,MaxTRESPU,MaxTRESPerJob")) {
        case (.success(let assoc), .success(let qos)):
            limits.limits = SlurmTextOutputs.limits(associations: String(decoding: assoc, as: UTF8.self),
                                                    qos: String(decoding: qos, as: UTF8.self))
            update.snapshots.append(limits)
        case (.failure(let problem), _), (_, .failure(let problem)): update.noteProblem("sacctmgr: \(problem)")
        }
        lastFetch = at
        return update
    }

    private func run(_ command: String) -> Result<Data, CommandFailure> {
        CommandRunner.run(via.map { "\($0) \(command)" } ?? command, timeout: timeout)
    }
}

import FleetInput
import Foundation

/// Kueue objects from a file (JSON or YAML, re-read on every fetch), or from a command run on each fetch, e.g.
/// `kubectl get clusterqueues,localqueues,workloads,cohorts,resourceflavors,workloadpriorityclasses -A -o json`.
struct KueueSource: SchedulerSource {
    /// A file path when such a file exists, else a shell command.
    let spec: String
    let timeout: Double

    mutating func fetch() -> SchedulerUpdate {
        let at = wallClock()
        let output: Data
        if FileManager.default.fileExists(atPath: spec) {
            switch InputFile.read(spec, maxBytes: InputLimits.Format.kueue.maxBytes) {
            case .success(let data): output = data
            case .failure(let failure): return .failed(failure.description, at: at)
            }
        } else {
            switch CommandRunner.run(spec, timeout: timeout) {
            case .failure(let problem): return .failed("\(spec): \(problem)", at: at)
            case .success(let data): output = data
            }
        }
        var update = SchedulerUpdate(at: at)
        switch KueueObjects.parse(output) {
        case .success(let snapshot): update.add(.success(snapshot), from: spec)
        case .failure(let error): return .failed("\(spec) \(error)", at: at)
        }
        update.applyQueuePositions()
        return update
    }
}

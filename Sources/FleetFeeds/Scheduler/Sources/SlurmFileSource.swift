import FleetInput
import Foundation

/// A saved Slurm JSON document, re-read on every fetch.
struct SlurmFileSource: SchedulerSource {
    let path: String

    mutating func fetch() -> SchedulerUpdate {
        let at = wallClock()
        let data: Data
        switch InputFile.read(path, maxBytes: InputLimits.Format.slurmJSON.maxBytes) {
        case .success(let bytes): data = bytes
        case .failure(let failure): return .failed(failure.description, at: at)
        }
        var update = SchedulerUpdate(at: at)
        switch SlurmJSON.parse(data) {
        case .success(let snapshot):
            update.add(.success(snapshot), from: path)
            update.documentTime = snapshot.documentTime
        case .failure(let error): return .failed("\(path) \(error)", at: at)
        }
        return update
    }
}

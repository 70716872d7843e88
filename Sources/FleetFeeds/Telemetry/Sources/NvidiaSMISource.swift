import FleetCore
import Foundation

/// nvidia-smi output from a file, or from a command (e.g. `ssh gpu1 nvidia-smi -q -x`) run on each fetch.
/// XML (`-q -x`) and CSV (`--query-gpu=… --format=csv[,noheader][,nounits]`) are told apart by content.
struct NvidiaSMISource: TelemetrySource {
    let spec: String
    let timeout: Double

    mutating func fetch() -> TelemetryUpdate {
        let at = wallClock()
        let output: Data
        var host = ProcessInfo.processInfo.hostName
        if FileManager.default.fileExists(atPath: spec) {
            guard let data = FileManager.default.contents(atPath: spec) else { return .failed("cannot read \(spec)", at: at) }
            output = data
        } else {
            switch CommandRunner.run(spec, timeout: timeout) {
            case .failure(let problem): return .failed(problem.description, at: at)
            case .success(let data): output = data
            }
            let words = spec.split(separator: " ")
            if words.first == "ssh", let target = words.dropFirst().first(where: { !$0.hasPrefix("-") }) {
                host = String(target.split(separator: "@").last ?? target)
            }
        }
        let (readings, errors) = parse(output, host: host)
        var update = TelemetryUpdate(at: at)
        update.problemCount = errors.count
        update.firstProblem = errors.first.map { FeedText.clean("\($0)") }
        if readings.isEmpty { update.failure = "no GPUs in nvidia-smi output\(errors.first.map { ": \($0)" } ?? "")" }
        update.readings = readings
        return update
    }

    private func parse(_ data: Data, host: String) -> ([GPUReading], [TelemetryParseError]) {
        let head = String(decoding: data.prefix(256), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if head.hasPrefix("<") { return NvidiaSMIXML.parse(data, host: host) }
        let text = String(decoding: data, as: UTF8.self)
        if let fields = Self.queryFields(in: spec), spec.contains("noheader") {
            return NvidiaSMICSV.parse(text, host: host, fields: fields)
        }
        return NvidiaSMICSV.parse(text, host: host)
    }

    /// The field list of a `--query-gpu=a,b,c` argument in the command, if any.
    static func queryFields(in command: String) -> [String]? {
        guard let range = command.range(of: "--query-gpu=") else { return nil }
        let rest = command[range.upperBound...].prefix { !$0.isWhitespace && $0 != "'" && $0 != "\"" }
        return rest.split(separator: ",").map { String($0) }
    }
}

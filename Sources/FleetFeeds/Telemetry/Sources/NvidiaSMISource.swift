import FleetCore
import FleetInput
import Foundation

/// nvidia-smi output from a file, or from a command (e.g. `ssh gpu1 nvidia-smi -q -x`) run on each fetch.
/// XML (`-q -x`) and CSV (`--query-gpu=… --format=csv[,noheader][,nounits]`) are told apart by content.
///
/// GPUs go on the host the output names (`hostname`); otherwise a file's on its name (`gpu1.xml` → gpu1), a
/// command's on its ssh target or this machine.
struct NvidiaSMISource: TelemetrySource {
    /// What a `--nvidia-smi` argument is.
    enum Input: Equatable {
        /// An existing file, read on each fetch.
        case file
        /// A path (it has a '/' or a .xml/.csv/.txt name and no spaces) that does not exist: never run.
        case missingFile
        /// A shell command, run on each fetch.
        case command
    }

    let spec: String
    let timeout: Double
    /// The --query-gpu field names of header-less CSV (`--nvidia-smi-fields`); a command's own `--query-gpu=` wins.
    let fields: [String]?

    init(spec: String, timeout: Double, fields: [String]? = nil) {
        self.spec = spec
        self.timeout = timeout
        self.fields = fields
    }

    /// Whether `spec` is a file, a file that is missing, or a command.
    static func input(_ spec: String) -> Input {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: spec, isDirectory: &isDirectory)
        let dataName = [".xml", ".csv", ".txt"].contains { spec.lowercased().hasSuffix($0) }
        // An executable such as /usr/bin/nvidia-smi is run, not read.
        if exists, !isDirectory.boolValue, dataName || !FileManager.default.isExecutableFile(atPath: spec) { return .file }
        let looksLikePath = !spec.contains(where: \.isWhitespace) && (spec.contains("/") || dataName)
        return looksLikePath && !exists ? .missingFile : .command
    }

    mutating func fetch() -> TelemetryUpdate {
        let at = wallClock()
        let output: Data
        var host = ProcessInfo.processInfo.hostName
        switch Self.input(spec) {
        case .missingFile:
            return .failed("no such file: \(spec)", at: at)
        case .file:
            switch InputFile.read(spec, maxBytes: InputLimits.Format.nvidiaSMI.maxBytes) {
            case .success(let data): output = data
            case .failure(let failure): return .failed(failure.description, at: at)
            }
            host = FeedText.clean(URL(fileURLWithPath: spec).deletingPathExtension().lastPathComponent)
        case .command:
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
        if readings.isEmpty {
            update.failure = FeedText.clean("no GPUs in nvidia-smi output\(errors.first.map { ": \($0)" } ?? "")")
        }
        update.readings = readings
        return update
    }

    private func parse(_ data: Data, host: String) -> ([GPUReading], [TelemetryParseError]) {
        let head = String(decoding: data.prefix(256), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if head.hasPrefix("<") { return NvidiaSMIXML.parse(data, host: host) }
        let text = String(decoding: data, as: UTF8.self)
        return NvidiaSMICSV.parse(text, host: host, fieldsIfNoHeader: Self.queryFields(in: spec) ?? fields)
    }

    /// The field list of a `--query-gpu=a,b,c` argument in the command, if any.
    static func queryFields(in command: String) -> [String]? {
        guard let range = command.range(of: "--query-gpu=") else { return nil }
        let rest = command[range.upperBound...].prefix { !$0.isWhitespace && $0 != "'" && $0 != "\"" }
        return rest.split(separator: ",").map { String($0) }
    }
}

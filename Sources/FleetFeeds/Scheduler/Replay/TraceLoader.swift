import FleetInput
import Foundation

/// Reads a trace file, recognising its format by the header.
public enum TraceLoader {
    /// The trace at `path`: the Alibaba v2023 pod list (its node list is found beside it: a `*node_list*.csv`) or
    /// fleetdeck's generic CSV.
    public static func load(path: String) -> Result<ReplayTrace, SchedulerParseError> {
        let data: Data
        switch InputFile.read(path, maxBytes: InputLimits.Format.trace.maxBytes) {
        case .success(let bytes): data = bytes
        case .failure(let failure): return .failure(SchedulerParseError(line: 0, message: failure.description))
        }
        if let problem = InputLimits.sizeProblem(data.count, .trace) { return .failure(SchedulerParseError(line: 0, message: problem)) }
        let text = String(decoding: data, as: UTF8.self)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard text.hasPrefix("name,cpu_milli") else { return GenericTrace.parse(text, name: name) }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        let siblings = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        guard let nodeFile = siblings.sorted().first(where: { $0.contains("node_list") && $0.hasSuffix(".csv") }),
              let nodes = try? InputFile.read(dir.appendingPathComponent(nodeFile).path, maxBytes: InputLimits.Format.trace.maxBytes).get() else {
            return .failure(SchedulerParseError(line: 0, message: "no *node_list*.csv next to \(path): the replay needs the traced nodes"))
        }
        return AlibabaTrace.parse(pods: text, nodes: String(decoding: nodes, as: UTF8.self), name: "openb")
    }
}

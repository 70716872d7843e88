import FleetCore
import Foundation

/// fleetdeck's own trace format, so any site can replay its history: a CSV with the header
/// `team,submit,start,end,gpus,gpu_model,priority` and optionally `id`, `name` columns, in any order.
///
/// Times are seconds (from any origin, e.g. Unix time) or ISO 8601; an empty `start` never started, an empty `end`
/// still runs at the end of the trace. `gpu_model` may be empty (any) or `A|B`. `priority` is a priority class name.
/// Nodes are not part of the format: the replay sizes one node per model to the peak concurrent use.
public enum GenericTrace {
    static let required = ["team", "submit", "start", "end", "gpus", "gpu_model", "priority"]

    /// The trace in `csv`.
    public static func parse(_ csv: String, name: String) -> Result<ReplayTrace, SchedulerParseError> {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false)[...]
        let header = lines.popFirst().map(csvFields)?.map { $0.lowercased() } ?? []
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            return .failure(SchedulerParseError(line: 1, message: "trace header lacks \(missing.joined(separator: ", "))"))
        }
        let column = Dictionary(header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var jobs: [ReplayTrace.Job] = []
        var problems: [String] = []
        for (offset, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            let f = csvFields(line)
            func field(_ n: String) -> String { column[n].flatMap { $0 < f.count ? String(f[$0]) : nil } ?? "" }
            let lineNumber = offset + 2
            guard let submit = time(field("submit")), let gpus = Int(field("gpus")), gpus >= 0 else {
                problems.append("line \(lineNumber): submit and gpus are required numbers")
                continue
            }
            guard gpus <= InputLimits.maxGPUsPerJob else {
                problems.append("line \(lineNumber): \(gpus) GPUs; a job may have at most \(InputLimits.maxGPUsPerJob)")
                continue
            }
            let start = time(field("start")), end = time(field("end"))
            if !field("start").isEmpty && start == nil || !field("end").isEmpty && end == nil {
                problems.append("line \(lineNumber): unreadable start or end")
                continue
            }
            let id = field("id").isEmpty ? "trace-\(lineNumber)" : field("id")
            jobs.append(ReplayTrace.Job(
                id: FeedText.clean(id), team: FeedText.clean(field("team")), priorityClass: FeedText.clean(field("priority")),
                gpus: gpus, gpuMilli: gpus > 0 ? 1000 : 0,
                models: field("gpu_model").split(separator: "|").map { FeedText.clean(String($0)) },
                submit: submit, start: start.map { max($0, submit) }, end: end.map { max($0, start ?? submit) },
                outcome: start == nil ? .cancelled : .completed))
        }
        guard let origin = jobs.map(\.submit).min() else {
            return .failure(SchedulerParseError(line: 2, message: "no readable jobs in the trace\(problems.first.map { ": \($0)" } ?? "")"))
        }
        // Times become relative to the first submission, like the Alibaba trace.
        for i in jobs.indices {
            jobs[i].submit -= origin
            jobs[i].start = jobs[i].start.map { $0 - origin }
            jobs[i].end = jobs[i].end.map { $0 - origin }
        }
        return ReplayTrace(name: name, nodes: sizedNodes(jobs), jobs: jobs, problems: problems).checkedSize()
    }

    private static func time(_ text: String) -> Double? {
        if text.isEmpty { return nil }
        if let seconds = Double(text) { return ReplayTrace.seconds(seconds) }
        return ReplayTrace.seconds(try? Date(text, strategy: .iso8601).timeIntervalSince1970)
    }

    /// One node per model (`any` for jobs without one) with as many GPUs as were ever held at once.
    private static func sizedNodes(_ jobs: [ReplayTrace.Job]) -> [ReplayTrace.Node] {
        var changes: [String: [(Double, Int)]] = [:]
        for j in jobs where j.gpus > 0 {
            guard let start = j.start else { continue }
            let model = j.models.first ?? "any"
            changes[model, default: []].append((start, j.gpus))
            if let end = j.end { changes[model, default: []].append((end, -j.gpus)) }
        }
        return changes.keys.sorted().map { model in
            var now = 0, peak = 0
            for (_, delta) in (changes[model] ?? []).sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
                now += delta
                peak = max(peak, now)
            }
            return ReplayTrace.Node(name: "trace-\(model.lowercased())", gpus: max(1, peak), model: model)
        }
    }
}

import FleetCore
import Foundation

/// Parses Slurm JSON output — `squeue/sinfo/sacct --json` and slurmrestd responses — recognised by content.
///
/// One bad job or node is reported (with its index and the data_parser version) and skipped; the rest is used.
/// A document that is not JSON at all fails with the line of the error.
public enum SlurmJSON {
    /// Upper bound on problems kept per document; the rest are only counted.
    static let problemLimit = 50

    /// The snapshot in `data`, or an error naming the line where the JSON broke.
    public static func parse(_ data: Data) -> Result<SchedulerSnapshot, SchedulerParseError> {
        data.withUnsafeBytes { raw in parse(raw.bindMemory(to: UInt8.self)) }
    }

    /// The snapshot in `bytes`.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<SchedulerSnapshot, SchedulerParseError> {
        if let problem = InputLimits.sizeProblem(bytes.count, .slurmJSON) { return .failure(SchedulerParseError(line: 0, message: problem)) }
        var cursor = JSONCursor(bytes)
        var snapshot = SchedulerSnapshot(kind: "slurm")
        var jobs: [SchedulerJob]?
        var accounting = false
        var nodes: [SchedulerNode]?
        var limits: [SchedulerLimit]?
        var mappingProblems: [String] = []
        var problemCount = 0
        var recognised: [String] = []
        var lastUpdate: Double?
        func note(_ where_: String, _ message: String) {
            problemCount += 1
            if mappingProblems.count < problemLimit { mappingProblems.append("\(where_): \(message)") }
        }
        do {
            try cursor.beginObject()
            while let key = try cursor.nextKey() {
                if JSONCursor.equals(key, "meta") {
                    try readMeta(&cursor, into: &snapshot)
                } else if JSONCursor.equals(key, "last_update") {
                    lastUpdate = try cursor.readNumber()
                } else if JSONCursor.equals(key, "jobs"), cursor.peekKind() == .array {
                    var list: [SchedulerJob] = []
                    try forEachElement(&cursor) { c, index in
                        do {
                            let read = try SlurmJobReader.read(&c)
                            list += read.jobs
                            accounting = accounting || read.accounting
                        } catch let error as SlurmMappingError {
                            note("jobs[\(index)]", error.description)
                        }
                    }
                    jobs = list
                    recognised.append("jobs")
                } else if JSONCursor.equals(key, "nodes"), cursor.peekKind() == .array {
                    var list: [SchedulerNode] = []
                    try forEachElement(&cursor) { c, index in
                        do { list.append(try SlurmNodeReader.readNode(&c)) } catch let error as SlurmMappingError {
                            note("nodes[\(index)]", error.description)
                        }
                    }
                    nodes = merge(nodes ?? [], list)
                    recognised.append("nodes")
                } else if JSONCursor.equals(key, "sinfo"), cursor.peekKind() == .array {
                    var list: [SchedulerNode] = []
                    try forEachElement(&cursor) { c, index in
                        do { list += try SlurmNodeReader.readGroup(&c) } catch let error as SlurmMappingError {
                            note("sinfo[\(index)]", error.description)
                        }
                    }
                    nodes = merge(nodes ?? [], list)
                    recognised.append("sinfo")
                } else if JSONCursor.equals(key, "associations"), cursor.peekKind() == .array {
                    limits = (limits ?? []) + SlurmLimitsReader.associations(try JSONValue.read(&cursor).array)
                    recognised.append("associations")
                } else if JSONCursor.equals(key, "QOS") || JSONCursor.equals(key, "qos"), cursor.peekKind() == .array {
                    limits = (limits ?? []) + SlurmLimitsReader.qos(try JSONValue.read(&cursor).array)
                    recognised.append("qos")
                } else if JSONCursor.equals(key, "errors"), cursor.peekKind() == .array {
                    try forEachElement(&cursor) { c, index in
                        if let text = try readSlurmError(&c) { note("errors[\(index)]", "Slurm says: \(text)") }
                    }
                } else {
                    try cursor.skipValue()
                }
            }
            try cursor.expectEnd()
        } catch let error as JSONError {
            return .failure(SchedulerParseError(line: error.line(in: bytes), message: error.message))
        } catch {
            return .failure(SchedulerParseError(line: 0, message: "\(error)"))
        }
        guard !recognised.isEmpty else {
            return .failure(SchedulerParseError(line: 1, message: "no jobs, nodes, sinfo, associations or qos in this Slurm JSON document"))
        }
        let version = snapshot.version.map { "data_parser \($0)" } ?? "unknown data_parser version"
        snapshot.problems = mappingProblems.map { "\($0) (\(version))" }
        if problemCount > mappingProblems.count { snapshot.problems.append("… \(problemCount - mappingProblems.count) more") }
        snapshot.documentTime = documentTime(lastUpdate: lastUpdate, jobs: jobs ?? [])
        if let jobs {
            if accounting { snapshot.accountingJobs = jobs } else { snapshot.jobs = jobs }
            snapshot.kind = accounting ? "sacct" : "squeue"
        }
        if var nodes {
            if let kept = fleetCap(nodes) {
                snapshot.problems.append("nodes: more than \(InputLimits.maxFleetGPUs) GPUs in all, the most a fleet may have; "
                                         + "\(nodes.count - kept) nodes left out")
                nodes.removeLast(nodes.count - kept)
            }
            snapshot.nodes = nodes
            if jobs == nil { snapshot.kind = "sinfo" }
        }
        if let limits {
            snapshot.limits = limits
            if jobs == nil, nodes == nil { snapshot.kind = "limits" }
        }
        return .success(snapshot)
    }

    /// Latest plausible time (2000 … 2100): a document's `last_update`, else the newest submit/start/end time in it.
    private static func documentTime(lastUpdate: Double?, jobs: [SchedulerJob]) -> Double? {
        let plausible: (Double) -> Bool = { $0 > 946_684_800 && $0 < 4_102_444_800 }
        if let lastUpdate, plausible(lastUpdate) { return lastUpdate }
        let times = jobs.flatMap { [$0.submittedAt, $0.startedAt, $0.endedAt] }.compactMap { $0 }.filter(plausible)
        return times.max()
    }

    /// Calls `body` with each element of the array at the cursor and its index.
    private static func forEachElement(_ cursor: inout JSONCursor,
                                       _ body: (inout JSONCursor, Int) throws -> Void) throws {
        try cursor.beginArray()
        var index = 0
        while try cursor.nextElement() {
            let start = cursor.offset
            try body(&cursor, index)
            // A reader that threw before consuming its element leaves the cursor at it: skip it whole.
            if cursor.offset == start { try cursor.skipValue() }
            index += 1
        }
    }

    /// Version (`v0.0.41` in any plugin string) and cluster name from the `meta` block.
    private static func readMeta(_ cursor: inout JSONCursor, into snapshot: inout SchedulerSnapshot,
                                 depth: Int = 0) throws(JSONError) {
        guard depth < InputLimits.maxNesting else { throw cursor.error("meta is nested too deeply (more than \(InputLimits.maxNesting) levels)") }
        switch cursor.peekKind() {
        case .object:
            try cursor.beginObject()
            while let key = try cursor.nextKey() {
                if JSONCursor.equals(key, "cluster"), cursor.peekKind() == .string {
                    snapshot.cluster = try cursor.readString().map(FeedText.clean)
                } else {
                    try readMeta(&cursor, into: &snapshot, depth: depth + 1)
                }
            }
        case .array:
            try cursor.beginArray()
            while try cursor.nextElement() { try readMeta(&cursor, into: &snapshot, depth: depth + 1) }
        case .string:
            let text = try cursor.readString() ?? ""
            if snapshot.version == nil, let range = text.range(of: #"v0\.0\.\d+"#, options: .regularExpression) {
                snapshot.version = String(text[range])
            }
        default: try cursor.skipValue()
        }
    }

    /// The text of a Slurm `errors` entry (`{"error": ..., "description": ...}`), nil when it says nothing.
    private static func readSlurmError(_ cursor: inout JSONCursor) throws(JSONError) -> String? {
        guard cursor.peekKind() == .object else { try cursor.skipValue(); return nil }
        var parts: [String] = []
        try cursor.beginObject()
        while let key = try cursor.nextKey() {
            if JSONCursor.equals(key, "error") || JSONCursor.equals(key, "description") {
                if let s = try cursor.readString(), !s.isEmpty { parts.append(FeedText.clean(s)) }
            } else {
                try cursor.skipValue()
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ": ")
    }

    /// How many of `nodes` fit in the fleet cap, or nil when all do.
    private static func fleetCap(_ nodes: [SchedulerNode]) -> Int? {
        var total = 0
        for (i, node) in nodes.enumerated() {
            total += node.gpus
            if total > InputLimits.maxFleetGPUs { return i }
        }
        return nil
    }

    /// Nodes by name, later records adding partitions to earlier ones (sinfo lists a node once per partition).
    private static func merge(_ a: [SchedulerNode], _ b: [SchedulerNode]) -> [SchedulerNode] {
        var out = a
        var index = Dictionary(out.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { x, _ in x })
        for node in b {
            if let i = index[node.name] {
                for p in node.partitions where !out[i].partitions.contains(p) { out[i].partitions.append(p) }
            } else {
                index[node.name] = out.count
                out.append(node)
            }
        }
        return out
    }
}

/// A scheduler document that could not be read at all.
public struct SchedulerParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
    /// An error at `line`.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

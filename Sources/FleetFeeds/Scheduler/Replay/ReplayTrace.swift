import FleetCore

/// A cluster history to replay: the nodes and every job with its times relative to the trace start.
public struct ReplayTrace: Sendable {
    /// A node of the traced cluster.
    public struct Node: Sendable, Hashable {
        public var name: String
        public var gpus: Int
        public var model: String
    }

    /// A job (pod) of the trace.
    public struct Job: Sendable, Hashable {
        public var id: String
        public var team: String
        public var priorityClass: String
        /// The trace's own priority name (Alibaba qos), mapped through the policy's `trace:NAME` when it has one.
        public var qos = ""
        /// Whole GPUs asked for; a fractional job asks for 1.
        public var gpus: Int
        /// Share of each GPU used, 1…1000 (Alibaba `gpu_milli`); 1000 for whole GPUs.
        public var gpuMilli: Int
        /// Models the job may run on; empty for any.
        public var models: [String]
        /// Seconds from the trace start.
        public var submit: Double
        public var start: Double?
        public var end: Double?
        /// How the job ended, when it did.
        public var outcome: JobOutcome
    }

    public var name: String
    public var nodes: [Node]
    public var jobs: [Job]
    /// Rows that could not be read, with their line numbers (the rest is replayed).
    public var problems: [String] = []

    /// Largest time a trace may give, in seconds either side of its origin (about 300 years).
    static let maxSeconds = 1e10

    /// A trace time read from `text` when it is a finite number of seconds within `maxSeconds`.
    static func seconds(_ value: Double?) -> Double? {
        guard let value, value.isFinite, abs(value) <= maxSeconds else { return nil }
        return value
    }

    /// This trace, or an error when its nodes add up to more GPUs than a fleet may have.
    func checkedSize() -> Result<ReplayTrace, SchedulerParseError> {
        let total = nodes.reduce(0) { $0 + $1.gpus }
        guard total <= InputLimits.maxFleetGPUs else {
            return .failure(SchedulerParseError(line: 0, message: "the trace needs \(total) GPUs; a fleet may have at most \(InputLimits.maxFleetGPUs)"))
        }
        return .success(self)
    }
}

/// Splits a simple CSV line (no quoted commas, as both supported trace formats are).
func csvFields(_ line: Substring) -> [Substring] {
    line.split(separator: ",", omittingEmptySubsequences: false).map { field in
        var f = field
        while f.last == "\r" || f.last == " " { f = f.dropLast() }
        while f.first == " " { f = f.dropFirst() }
        return f
    }
}

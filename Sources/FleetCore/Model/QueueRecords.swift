/// Per-queue wait records and depth samples, kept by the reducer for the queues pane.
public struct QueueRecords: Codable, Sendable, Hashable {
    /// Queue-wait records of started jobs per queue name, oldest first, pruned to the policy's window.
    public internal(set) var waits: [String: [WaitRecord]] = [:]
    /// Pending jobs per queue name at each of the last `depthSamples` fleet minutes, oldest first.
    public internal(set) var depthByQueue: [String: [Int]] = [:]
    /// The same per priority class name.
    public internal(set) var depthByClass: [String: [Int]] = [:]
    /// Minutes of depth history kept.
    public static let depthSamples = 60

    /// Depth history of one queue or class.
    public func series(_ name: String, grouping: QueueGrouping) -> [Int] {
        (grouping == .queue ? depthByQueue : depthByClass)[name] ?? []
    }

    /// Fleet minute of the newest sample.
    public internal(set) var lastMinute: Int?

    /// Records the depths taken when the clock reached `minute`; they held since the previous sample (nothing
    /// happened in between), so minutes the clock jumped over get the same values. Names not pending get a 0; names
    /// at 0 for an hour are dropped.
    mutating func sample(queues: [String: Int], classes: [String: Int], minute: Int) {
        let copies = min(Self.depthSamples, max(1, minute - (lastMinute ?? (minute - 1))))
        lastMinute = minute
        Self.append(queues, copies: copies, to: &depthByQueue)
        Self.append(classes, copies: copies, to: &depthByClass)
    }

    private static func append(_ now: [String: Int], copies: Int, to series: inout [String: [Int]]) {
        for name in Set(series.keys).union(now.keys) {
            var s = series[name] ?? []
            s.append(contentsOf: repeatElement(now[name] ?? 0, count: copies))
            if s.count > depthSamples { s.removeFirst(s.count - depthSamples) }
            series[name] = s.allSatisfy { $0 == 0 } && s.count == depthSamples ? nil : s
        }
    }

    mutating func recordWait(queue: String, _ record: WaitRecord) { waits[queue, default: []].append(record) }

    mutating func prune(before cutoff: Double) {
        for (name, records) in waits {
            let kept = records.drop { $0.startedAt < cutoff }
            waits[name] = kept.isEmpty ? nil : Array(kept)
        }
    }
}

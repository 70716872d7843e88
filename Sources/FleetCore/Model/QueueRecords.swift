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
        let copies = SampleSeries.copies(step: minute, after: lastMinute, depth: Self.depthSamples)
        lastMinute = minute
        SampleSeries.append(queues, copies: copies, depth: Self.depthSamples, dropIdle: true, to: &depthByQueue)
        SampleSeries.append(classes, copies: copies, depth: Self.depthSamples, dropIdle: true, to: &depthByClass)
    }

    mutating func recordWait(queue: String, _ record: WaitRecord) { waits[queue, default: []].append(record) }

    mutating func prune(before cutoff: Double) {
        for (name, records) in waits {
            let kept = records.drop { $0.startedAt < cutoff }
            waits[name] = kept.isEmpty ? nil : Array(kept)
        }
    }
}

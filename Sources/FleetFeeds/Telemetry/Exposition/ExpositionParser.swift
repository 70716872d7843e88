#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming parser for the Prometheus text exposition format (0.0.4) and OpenMetrics.
///
/// Feed it chunks as they arrive with `consume`, then call `finish`. Complete lines are parsed as soon as they are
/// whole; a partial line is carried to the next chunk, so memory stays bounded by the chunk size plus one line.
/// A bad line is recorded as an error with its line number and skipped; the rest of the exposition is still used.
public struct ExpositionParser {
    /// Lines longer than this are skipped with an error (bounds memory against huge label values).
    public let maxLineBytes: Int
    /// Errors kept for display; `errorCount` counts all of them.
    public static let keptErrors = 20
    public private(set) var errors: [ExpositionError] = []
    public private(set) var errorCount = 0
    /// Lines seen so far.
    public private(set) var lineNumber = 0
    /// Sample lines delivered to the sink.
    public private(set) var sampleCount = 0
    /// An OpenMetrics `# EOF` was seen.
    public private(set) var sawEOF = false
    /// Bytes consumed so far.
    public private(set) var byteCount = 0

    private var carry: [UInt8] = []
    private var skippingLongLine = false
    private var labels: [LabelSpan] = []

    /// A parser for one exposition.
    public init(maxLineBytes: Int = 65_536) {
        self.maxLineBytes = maxLineBytes
        labels.reserveCapacity(16)
    }

    /// Parses every complete line in `bytes`, keeping a trailing partial line for the next call.
    public mutating func consume<S: ExpositionSink>(_ bytes: UnsafeRawBufferPointer, into sink: inout S) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else { return }
        byteCount += bytes.count
        let end = bytes.count
        var start = 0
        if !carry.isEmpty || skippingLongLine {
            guard let nl = Self.newline(base, 0, end) else {
                appendCarry(base, 0, end)
                return
            }
            appendCarry(base, 0, nl)
            finishCarriedLine(into: &sink)
            start = nl + 1
        }
        while start < end {
            guard let nl = Self.newline(base, start, end) else {
                appendCarry(base, start, end)
                return
            }
            parseLine(base + start, count: nl - start, into: &sink)
            start = nl + 1
        }
    }

    /// Parses the last line if it had no newline. Call once after the last chunk.
    public mutating func finish<S: ExpositionSink>(into sink: inout S) {
        if !carry.isEmpty || skippingLongLine { finishCarriedLine(into: &sink) }
    }

    private mutating func finishCarriedLine<S: ExpositionSink>(into sink: inout S) {
        if skippingLongLine {
            lineNumber += 1
            record("line longer than \(maxLineBytes) bytes; skipped")
            skippingLongLine = false
        } else {
            let line = carry
            line.withUnsafeBufferPointer { buffer in
                if let p = buffer.baseAddress { parseLine(p, count: buffer.count, into: &sink) } else { lineNumber += 1 }
            }
        }
        carry.removeAll(keepingCapacity: true)
    }

    private mutating func appendCarry(_ base: UnsafePointer<UInt8>, _ from: Int, _ to: Int) {
        guard !skippingLongLine else { return }
        // One byte over the limit is kept for a CR that `parseLine` strips, as it does for lines within one chunk.
        if carry.count + (to - from) > maxLineBytes + 1 {
            carry.removeAll()
            skippingLongLine = true
            return
        }
        carry.append(contentsOf: UnsafeBufferPointer(start: base + from, count: to - from))
    }

    @inline(__always)
    private static func newline(_ base: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
        guard from < to, let hit = memchr(base + from, 0x0A, to - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    mutating func record(_ message: String) {
        errorCount += 1
        if errors.count < Self.keptErrors { errors.append(ExpositionError(line: lineNumber, message: message)) }
    }

    private mutating func parseLine<S: ExpositionSink>(_ p: UnsafePointer<UInt8>, count rawCount: Int, into sink: inout S) {
        lineNumber += 1
        var count = rawCount
        if count > 0, p[count - 1] == 0x0D { count -= 1 }
        guard count > 0 else { return }
        if count > maxLineBytes { return record("line longer than \(maxLineBytes) bytes; skipped") }
        if sawEOF { return record("content after # EOF") }
        if p[0] == UInt8(ascii: "#") { return parseComment(p, count) }
        labels.removeAll(keepingCapacity: true)
        let parsed = ExpositionLine.parse(p, count, labels: &labels)
        switch parsed {
        case .failure(let message):
            record(message)
        case .success(let nameEnd, let value, let timestamp):
            sampleCount += 1
            labels.withUnsafeBufferPointer { spans in
                let sample = ExpositionSample(line: UnsafeBufferPointer(start: p, count: count), nameEnd: nameEnd,
                                              labels: spans, value: value, timestamp: timestamp, lineNumber: lineNumber)
                sink.sample(sample)
            }
        }
    }

    private mutating func parseComment(_ p: UnsafePointer<UInt8>, _ count: Int) {
        let text = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        if text == "# EOF" { sawEOF = true; return }
        let parts = text.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0] == "#" else { return }
        switch parts[1] {
        case "TYPE":
            let known: Set<Substring> = ["counter", "gauge", "histogram", "summary", "untyped", "unknown", "info",
                                         "stateset", "gaugehistogram"]
            guard parts.count == 4, ExpositionLine.isMetricName(parts[2]) else { return record("malformed TYPE line") }
            if !known.contains(parts[3]) { record("unknown metric type '\(parts[3].prefix(40))'") }
        case "HELP", "UNIT":
            if parts.count < 3 || !ExpositionLine.isMetricName(parts[2]) { record("malformed \(parts[1]) line") }
        default:
            return
        }
    }
}

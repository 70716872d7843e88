import Foundation
@testable import FleetFeeds

/// One delivered sample, copied out of the parser's transient buffers.
struct Row: Equatable, CustomStringConvertible {
    var name: String
    var labels: [Label]
    /// The value's bit pattern, so that NaN rows compare equal.
    var valueBits: UInt64
    var timestamp: Double?
    var line: Int

    struct Label: Equatable {
        var name: String
        var value: String?
    }

    var value: Double { Double(bitPattern: valueBits) }
    func label(_ name: String) -> String?? { labels.first { $0.name == name }.map(\.value) }
    var description: String { "\(line): \(name)\(labels.map { "\($0.name)=\($0.value ?? "<nil>")" }) \(value) \(timestamp.map { "\($0)" } ?? "-")" }
}

/// A sink that keeps every sample it is given.
struct Collector: ExpositionSink {
    var rows: [Row] = []
    mutating func sample(_ s: ExpositionSample) {
        rows.append(Row(name: s.nameString, labels: s.labels.map { Row.Label(name: s.labelName($0), value: s.labelValue($0)) },
                        valueBits: s.value.bitPattern, timestamp: s.timestamp, line: s.lineNumber))
    }
}

/// What a parse left: the samples, the parser (errors, counters).
struct Parsed {
    var rows: [Row]
    var parser: ExpositionParser
    var errors: [ExpositionError] { parser.errors }
    var messages: [String] { parser.errors.map(\.message) }
}

/// Parses `bytes` fed in chunks cut at `cuts` (ascending offsets), then `finish`.
func parse(_ bytes: [UInt8], cuts: [Int] = [], maxLineBytes: Int = 65_536) -> Parsed {
    var parser = ExpositionParser(maxLineBytes: maxLineBytes)
    var sink = Collector()
    bytes.withUnsafeBytes { all in
        var start = 0
        for cut in cuts + [all.count] where cut >= start {
            parser.consume(UnsafeRawBufferPointer(rebasing: all[start..<cut]), into: &sink)
            start = cut
        }
    }
    parser.finish(into: &sink)
    return Parsed(rows: sink.rows, parser: parser)
}

func parse(_ text: String, cuts: [Int] = [], maxLineBytes: Int = 65_536) -> Parsed {
    parse(Array(text.utf8), cuts: cuts, maxLineBytes: maxLineBytes)
}

/// Feeds one exposition to `accumulator` (after `beginScrape`) and returns the parser.
@discardableResult
func scrape(_ text: String, into accumulator: inout DCGMAccumulator) -> ExpositionParser {
    accumulator.beginScrape()
    var parser = ExpositionParser()
    Array(text.utf8).withUnsafeBytes { parser.consume($0, into: &accumulator) }
    parser.finish(into: &accumulator)
    return parser
}

/// The readings of one exposition from a fresh accumulator, by UUID.
func readings(_ text: String) -> (byUUID: [String: GPUReading], accumulator: DCGMAccumulator, parser: ExpositionParser) {
    var accumulator = DCGMAccumulator(defaultHost: "scrape-host")
    let parser = scrape(text, into: &accumulator)
    let list = accumulator.readings()
    return (Dictionary(list.map { ($0.uuid, $0) }, uniquingKeysWith: { a, _ in a }), accumulator, parser)
}

/// Deterministic pseudo-random numbers (SplitMix64), so that failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The package root (two levels above this file's folder).
enum PackageRoot {
    static let path: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses one sample line: `name{label="value",…} value [timestamp] [# exemplar]`.
enum ExpositionLine {
    enum Result {
        case success(nameEnd: Int, value: Double, timestamp: Double?)
        case failure(String)
    }

    @inline(__always)
    private static func isNameStart(_ b: UInt8) -> Bool {
        (b | 0x20) &- UInt8(ascii: "a") < 26 || b == UInt8(ascii: "_") || b == UInt8(ascii: ":")
    }

    @inline(__always)
    private static func isNameChar(_ b: UInt8) -> Bool { isNameStart(b) || b &- 48 < 10 }

    @inline(__always)
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Whether `text` is a valid metric name.
    static func isMetricName(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, isNameStart(first) else { return false }
        return text.utf8.allSatisfy(isNameChar)
    }

    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int, labels: inout [LabelSpan]) -> Result {
        guard isNameStart(p[0]) else { return .failure("expected a metric name") }
        var i = 1
        while i < n, isNameChar(p[i]) { i += 1 }
        let nameEnd = i
        while i < n, isSpace(p[i]) { i += 1 }
        if i < n, p[i] == UInt8(ascii: "{") {
            i += 1
            if let problem = parseLabels(p, n, &i, &labels) { return .failure(problem) }
        }
        while i < n, isSpace(p[i]) { i += 1 }
        let valueStart = i
        while i < n, !isSpace(p[i]) { i += 1 }
        guard i > valueStart else { return .failure("missing value") }
        guard let value = ExpositionValue.parse(p, valueStart, i) else {
            return .failure("bad value '\(text(p, valueStart, min(i, valueStart + 40)))'")
        }
        while i < n, isSpace(p[i]) { i += 1 }
        var timestamp: Double?
        if i < n, p[i] != UInt8(ascii: "#") {
            let tsStart = i
            while i < n, !isSpace(p[i]) { i += 1 }
            guard let ts = ExpositionValue.parse(p, tsStart, i), ts.isFinite else {
                return .failure("bad timestamp '\(text(p, tsStart, min(i, tsStart + 40)))'")
            }
            timestamp = ts
            while i < n, isSpace(p[i]) { i += 1 }
        }
        // Anything left must be an OpenMetrics exemplar ("# {…} value"), which is ignored.
        if i < n, p[i] != UInt8(ascii: "#") { return .failure("unexpected text after the value") }
        return .success(nameEnd: nameEnd, value: value, timestamp: timestamp)
    }

    /// Parses labels after `{` up to and including `}`; returns a problem or nil.
    private static func parseLabels(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int,
                                    _ labels: inout [LabelSpan]) -> String? {
        while true {
            while i < n, isSpace(p[i]) { i += 1 }
            guard i < n else { return "unterminated label set" }
            if p[i] == UInt8(ascii: "}") { i += 1; return nil }
            guard isNameStart(p[i]), p[i] != UInt8(ascii: ":") else { return "bad label name at byte \(i + 1)" }
            let nameStart = i
            i += 1
            while i < n, isNameChar(p[i]), p[i] != UInt8(ascii: ":") { i += 1 }
            let nameEnd = i
            while i < n, isSpace(p[i]) { i += 1 }
            guard i < n, p[i] == UInt8(ascii: "=") else { return "expected '=' after label name" }
            i += 1
            while i < n, isSpace(p[i]) { i += 1 }
            guard i < n, p[i] == UInt8(ascii: "\"") else { return "expected '\"' to open a label value" }
            i += 1
            let valueStart = i
            guard let close = scanValue(p, n, &i) else { return "unterminated label value" }
            if case .problem(let message) = close { return message }
            let valueEnd = i
            i += 1
            labels.append(LabelSpan(nameStart: Int32(nameStart), nameEnd: Int32(nameEnd), valueStart: Int32(valueStart),
                                    valueEnd: Int32(valueEnd), escaped: close == .escaped))
            while i < n, isSpace(p[i]) { i += 1 }
            guard i < n else { return "unterminated label set" }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "}") { i += 1; return nil }
            return "expected ',' or '}' after a label"
        }
    }

    enum ValueScan: Equatable {
        case plain, escaped
        case problem(String)
    }

    /// Moves `i` to the closing quote of a label value; nil when there is none. Plain values (no backslash,
    /// ASCII) are found with memchr and a word-wide high-bit test instead of a byte loop.
    private static func scanValue(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) -> ValueScan? {
        let start = i
        guard let q = memchr(p + start, 0x22, n - start) else { return nil }
        var end = p.distance(to: q.assumingMemoryBound(to: UInt8.self))
        let length = end - start
        if memchr(p + start, 0x5C, length) != nil {
            // Escapes present: walk byte by byte so that \" is read right.
            var k = start
            while k < n, p[k] != UInt8(ascii: "\"") {
                if p[k] == UInt8(ascii: "\\") {
                    k += 1
                    guard k < n else { return nil }
                    let e = p[k]
                    guard e == UInt8(ascii: "\\") || e == UInt8(ascii: "\"") || e == UInt8(ascii: "n") else {
                        return .problem("bad escape '\\\(Character(Unicode.Scalar(e)))' in label value")
                    }
                }
                k += 1
            }
            guard k < n else { return nil }
            end = k
            i = end
            return validUTF8(p, start, end) ? .escaped : .problem("label value is not valid UTF-8")
        }
        i = end
        return validUTF8(p, start, end) ? .plain : .problem("label value is not valid UTF-8")
    }

    @inline(__always)
    private static func validUTF8(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let raw = UnsafeRawPointer(p)
        var k = start
        var bits: UInt64 = 0
        while k + 8 <= end {
            bits |= raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            k += 8
        }
        while k < end {
            bits |= UInt64(p[k])
            k += 1
        }
        if bits & 0x8080_8080_8080_8080 == 0 { return true }
        return String(validating: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self) != nil
    }

    private static func text(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p + from, count: max(0, to - from)), as: UTF8.self)
            .unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
    }
}

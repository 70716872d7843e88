#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-only JSON reader over bytes that hands out keys and values on demand.
///
/// Written by hand because a 50,000-job `squeue --json` is ~40 MB of which fleetdeck needs a few fields per job:
/// building a whole document (JSONSerialization, JSONDecoder) costs more than Python's `json.load`, while
/// skipping unneeded values with `memchr` and reading the wanted ones in place is several times faster.
struct JSONCursor {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    /// Byte offset of the next unread byte.
    private(set) var offset = 0

    /// A cursor over `buffer`, which must outlive it.
    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        // An empty buffer has no base address; point at a static empty string instead.
        base = buffer.baseAddress ?? UnsafePointer(JSONCursor.empty)
        count = buffer.count
    }

    // Never written after creation; shared read-only by every cursor over an empty buffer.
    nonisolated(unsafe) private static let empty: UnsafeMutablePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.pointee = 0
        return p
    }()

    /// The kinds of value the next byte can start.
    enum Kind { case object, array, string, number, bool, null, end }

    /// The kind of the next value, after whitespace.
    mutating func peekKind() -> Kind {
        skipSpace()
        guard offset < count else { return .end }
        switch base[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return .number
        }
    }

    /// Consumes the `{` that opens an object.
    mutating func beginObject() throws(JSONError) { try expect(UInt8(ascii: "{"), "an object") }

    /// Consumes the `[` that opens an array.
    mutating func beginArray() throws(JSONError) { try expect(UInt8(ascii: "["), "an array") }

    /// The next key of the object being read (its raw bytes, valid while the buffer lives), or nil after `}`.
    mutating func nextKey() throws(JSONError) -> UnsafeBufferPointer<UInt8>? {
        skipSpace()
        guard offset < count else { throw error("unterminated object") }
        var c = base[offset]
        if c == UInt8(ascii: "}") { offset += 1; return nil }
        if c == UInt8(ascii: ",") {
            offset += 1
            skipSpace()
            guard offset < count else { throw error("unterminated object") }
            c = base[offset]
        }
        guard c == UInt8(ascii: "\"") else { throw error("expected a key") }
        let start = offset + 1
        try skipString()
        let key = UnsafeBufferPointer(start: base + start, count: offset - 1 - start)
        skipSpace()
        guard offset < count, base[offset] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
        offset += 1
        return key
    }

    /// Whether the array being read has another element (consuming the `,` before it or the closing `]`).
    mutating func nextElement() throws(JSONError) -> Bool {
        skipSpace()
        guard offset < count else { throw error("unterminated array") }
        switch base[offset] {
        case UInt8(ascii: "]"): offset += 1; return false
        case UInt8(ascii: ","): offset += 1; return true
        case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return true  // the first element
        default:
            // Anything else (a `}` in an array, say) would be read as an empty value again and again.
            throw error("expected ',' or ']' in an array")
        }
    }

    /// Skips one value of any kind.
    mutating func skipValue() throws(JSONError) {
        switch peekKind() {
        case .string: try skipString()
        case .object, .array: try skipComposite()
        case .end: throw error("expected a value")
        default:
            // Numbers and literals run until a delimiter; a value that is not even one byte long is no value.
            let start = offset
            while offset < count {
                let c = base[offset]
                if c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c <= 0x20 { break }
                offset += 1
            }
            if offset == start { throw error("expected a value") }
        }
    }

    /// A string value (escapes decoded, control characters kept for the caller to strip); nil for null.
    mutating func readString() throws(JSONError) -> String? {
        switch peekKind() {
        case .null: offset += 4; return nil
        case .string: break
        case .number, .bool:
            // Some versions print ids as numbers where others quote them.
            let start = offset
            try skipValue()
            return String(decoding: UnsafeBufferPointer(start: base + start, count: offset - start), as: UTF8.self)
        default: throw error("expected a string")
        }
        let start = offset + 1
        try skipString()
        let raw = UnsafeBufferPointer(start: base + start, count: offset - 1 - start)
        if memchr(base + start, Int32(UInt8(ascii: "\\")), raw.count) == nil {
            return String(decoding: raw, as: UTF8.self)
        }
        return JSONCursor.unescape(raw)
    }

    /// A number: plain, quoted, or Slurm's `{"set", "infinite", "number"}`; nil when unset or null, +∞ when infinite.
    mutating func readNumber() throws(JSONError) -> Double? {
        switch peekKind() {
        case .null: offset += 4; return nil
        case .number: return try scanNumber()
        case .string: return try readString().flatMap { Double($0) }
        case .bool: try skipValue(); return nil
        case .object:
            try beginObject()
            var set = true, infinite = false
            var number: Double?
            while let key = try nextKey() {
                if JSONCursor.equals(key, "set") {
                    set = try readBool() ?? true
                } else if JSONCursor.equals(key, "infinite") {
                    infinite = try readBool() ?? false
                } else if JSONCursor.equals(key, "number") {
                    number = try readNumber()
                } else {
                    try skipValue()
                }
            }
            if infinite { return .infinity }
            return set ? number : nil
        case .array, .end: throw error("expected a number")
        }
    }

    /// A boolean, or nil for null or another kind (skipped).
    mutating func readBool() throws(JSONError) -> Bool? {
        skipSpace()
        if offset + 4 <= count, memcmp(base + offset, "true", 4) == 0 { offset += 4; return true }
        if offset + 5 <= count, memcmp(base + offset, "false", 5) == 0 { offset += 5; return false }
        try skipValue()
        return nil
    }

    /// The strings of a string array, or a lone string as a one-element array (Slurm changed `job_state` so).
    mutating func readStrings() throws(JSONError) -> [String] {
        switch peekKind() {
        case .array:
            try beginArray()
            var out: [String] = []
            while try nextElement() {
                if peekKind() == .string { if let s = try readString() { out.append(s) } } else { try skipValue() }
            }
            return out
        case .null: offset += 4; return []
        default: return try readString().map { [$0] } ?? []
        }
    }

    /// Fails unless only whitespace is left.
    mutating func expectEnd() throws(JSONError) {
        skipSpace()
        if offset < count { throw error("unexpected content after the document") }
    }

    /// An error at the current offset.
    func error(_ message: String) -> JSONError { JSONError(offset: offset, message: message) }

    /// Whether raw key bytes equal an ASCII name.
    @inline(__always)
    static func equals(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount, let k = key.baseAddress else { return key.count == name.utf8CodeUnitCount }
        return memcmp(k, name.utf8Start, key.count) == 0
    }

    // MARK: - Scanning

    @inline(__always)
    private mutating func skipSpace() {
        while offset < count {
            let c = base[offset]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            offset += 1
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONError) {
        skipSpace()
        guard offset < count, base[offset] == byte else { throw error("expected \(what)") }
        offset += 1
    }

    /// Moves past the string starting at `offset` (its opening quote).
    @inline(__always)
    private mutating func skipString() throws(JSONError) {
        var at = offset + 1
        while true {
            guard at < count, let hit = memchr(base + at, Int32(UInt8(ascii: "\"")), count - at) else {
                throw error("unterminated string")
            }
            let quote = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            // The quote is escaped when an odd number of backslashes precede it.
            var slashes = 0
            while quote - slashes - 1 > offset, base[quote - slashes - 1] == UInt8(ascii: "\\") { slashes += 1 }
            at = quote + 1
            if slashes % 2 == 0 { offset = at; return }
        }
    }

    /// Moves past the object or array starting at `offset`, counting brackets outside strings.
    private mutating func skipComposite() throws(JSONError) {
        var depth = 0
        while offset < count {
            switch base[offset] {
            case UInt8(ascii: "\""): try skipString(); continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { offset += 1; return }
            default: break
            }
            offset += 1
        }
        throw error("unterminated \(depth > 0 ? "object or array" : "value")")
    }

    private mutating func scanNumber() throws(JSONError) -> Double {
        let start = offset
        var negative = false
        if base[offset] == UInt8(ascii: "-") { negative = true; offset += 1 }
        // Integers (ids, epoch seconds, counts) are nearly every number in scheduler output.
        var value: UInt64 = 0
        var digits = 0
        while offset < count, base[offset] &- UInt8(ascii: "0") < 10, digits < 18 {
            value = value * 10 + UInt64(base[offset] &- UInt8(ascii: "0"))
            offset += 1
            digits += 1
        }
        let next = offset < count ? base[offset] : 0
        let isDelimiter = next == UInt8(ascii: ",") || next == UInt8(ascii: "}") || next == UInt8(ascii: "]")
            || next <= 0x20
        if digits > 0, isDelimiter { return negative ? -Double(value) : Double(value) }
        offset = start
        try skipValue()
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: offset - start), as: UTF8.self)
        guard let parsed = Double(text) else { offset = start; throw error("bad number '\(text.prefix(20))'") }
        return parsed
    }

    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let c = raw[i]
            guard c == UInt8(ascii: "\\"), i + 1 < raw.count else { out.append(c); i += 1; continue }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard i + 4 <= raw.count,
                      let unit = UInt16(String(decoding: UnsafeBufferPointer(rebasing: raw[i..<i + 4]), as: UTF8.self),
                                        radix: 16) else { out.append(UInt8(ascii: "?")); continue }
                i += 4
                // Surrogate halves cannot be encoded alone; they become the replacement character.
                let scalar = Unicode.Scalar(unit) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: out.append(e)  // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A JSON syntax error at a byte offset.
struct JSONError: Error, Equatable, Sendable {
    var offset: Int
    var message: String

    /// The 1-based line of the offset in `bytes`.
    func line(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for b in bytes.prefix(offset) where b == 0x0A { line += 1 }
        return line
    }
}

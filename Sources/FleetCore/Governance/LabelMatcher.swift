import Synchronization

/// One Alertmanager label matcher (`alertname=IdleGPU`, `team!=nlp`, `severity=~"warning|critical"`).
///
/// Semantics follow Alertmanager: a missing label matches as the empty string, and regular expressions must match
/// the whole value. The pattern is checked when the matcher is made (or decoded), so a matcher in hand is valid.
public struct LabelMatcher: Codable, Sendable, Hashable, CustomStringConvertible {
    /// How the value is compared.
    public enum Op: String, Codable, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case regex = "=~"
        case notRegex = "!~"

        /// Whether the value is a regular expression.
        public var isRegex: Bool { self == .regex || self == .notRegex }
    }

    public let name: String
    public let op: Op
    /// The compared text, or the regular expression for `=~` and `!~`.
    public let value: String
    /// The compiled pattern for regex operators (nil otherwise).
    private let compiled: CompiledPattern?

    /// A matcher; fails when `name` is empty or a regex `value` does not compile.
    public init(name: String, op: Op, value: String) throws(MatcherError) {
        guard !name.isEmpty else { throw MatcherError("label name is empty") }
        self.name = name
        self.op = op
        self.value = value
        compiled = op.isRegex ? try CompiledPattern(value) : nil
    }

    /// Whether `labels` satisfy the matcher (a missing label counts as "").
    public func matches(_ labels: [String: String]) -> Bool {
        let actual = labels[name] ?? ""
        switch op {
        case .equal: return actual == value
        case .notEqual: return actual != value
        case .regex: return compiled?.wholeMatch(actual) ?? false
        case .notRegex: return !(compiled?.wholeMatch(actual) ?? true)
        }
    }

    /// The matcher as Alertmanager writes it, value quoted: `severity=~"warning|critical"`.
    public var description: String { "\(name)\(op.rawValue)\(Self.quoted(value))" }

    // MARK: Equality, hashing and coding see only name, op and value (the compiled pattern follows from them).

    public static func == (a: LabelMatcher, b: LabelMatcher) -> Bool {
        a.name == b.name && a.op == b.op && a.value == b.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(op)
        hasher.combine(value)
    }

    private enum CodingKeys: String, CodingKey { case name, op, value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        let op = try c.decode(Op.self, forKey: .op)
        let value = try c.decode(String.self, forKey: .value)
        do {
            try self.init(name: name, op: op, value: value)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(op, forKey: .op)
        try c.encode(value, forKey: .value)
    }

    /// `text` in double quotes with `"`, `\` and newlines escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}

/// Why a matcher could not be made or parsed.
public struct MatcherError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A compiled regular expression shared by copies of one matcher.
///
/// `Regex` is not `Sendable`, so it lives behind a lock; matching is short and rarely concurrent.
private final class CompiledPattern: Sendable {
    private let regex: Mutex<Regex<AnyRegexOutput>>

    init(_ pattern: String) throws(MatcherError) {
        do {
            // Code points, not grapheme clusters, are what `.` and classes step over in Go's RE2, as in Alertmanager.
            regex = Mutex(try Regex(pattern).matchingSemantics(.unicodeScalar))
        } catch {
            throw MatcherError("invalid regular expression \(LabelMatcher.quoted(pattern)): \(error)")
        }
    }

    /// Whether the pattern matches all of `text` (Alertmanager anchors every matcher regex at both ends).
    func wholeMatch(_ text: String) -> Bool {
        regex.withLock { (try? $0.wholeMatch(in: text)) != nil }
    }
}

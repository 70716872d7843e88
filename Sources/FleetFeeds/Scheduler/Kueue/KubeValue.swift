import FleetCore
import Foundation
import Yams

/// A parsed JSON or YAML value: just what reading Kubernetes objects needs.
///
/// Scalars stay text (YAML's `on`/`yes` are names here, not booleans; numbers are parsed where a number is meant).
/// Mappings carry the 1-based line they start on, for problem locations.
indirect enum KubeValue {
    case scalar(String)
    case null
    case list([KubeValue])
    case map([String: KubeValue], line: Int)

    /// The value under `key` of a mapping; nil for a missing key or another kind of value.
    subscript(_ key: String) -> KubeValue? {
        if case .map(let pairs, _) = self { return pairs[key] }
        return nil
    }

    /// The value at a path of mapping keys.
    func at(_ path: String...) -> KubeValue? {
        var value: KubeValue? = self
        for key in path { value = value?[key] }
        return value
    }

    /// The text of a scalar, cleaned of control characters (nil for anything else or empty text).
    var text: String? {
        guard case .scalar(let s) = self else { return nil }
        let cleaned = FeedText.clean(s.trimmingCharacters(in: .whitespaces))
        return cleaned.isEmpty ? nil : cleaned
    }

    /// A scalar as a number (plain decimal; for Kubernetes quantities use `KubeQuantity`).
    var number: Double? { text.flatMap { Double($0) } }

    /// A scalar `true`/`false`.
    var bool: Bool? {
        switch text?.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// The elements of a list (empty for anything else).
    var elements: [KubeValue] {
        if case .list(let items) = self { return items }
        return []
    }

    /// The entries of a mapping (empty for anything else).
    var pairs: [String: KubeValue] {
        if case .map(let pairs, _) = self { return pairs }
        return [:]
    }

    /// Whether this is a list.
    var isList: Bool {
        if case .list = self { return true }
        return false
    }

    /// Whether this is a mapping.
    var isMap: Bool {
        if case .map = self { return true }
        return false
    }

    /// The line a mapping starts on, when known.
    var line: Int? {
        if case .map(_, let line) = self, line > 0 { return line }
        return nil
    }
}

/// Reads the documents of a JSON or YAML input into `KubeValue`s.
enum KubeDocuments {
    /// The documents in `data`: concatenated JSON values, or YAML documents separated by `---`.
    static func read(_ data: Data) -> Result<[KubeValue], SchedulerParseError> {
        if let problem = InputLimits.sizeProblem(data.count, .kueue) { return .failure(SchedulerParseError(line: 0, message: problem)) }
        let first = data.first { !(0x20 == $0 || 0x0A == $0 || 0x0D == $0 || 0x09 == $0) }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            let json = data.withUnsafeBytes { raw in readJSON(raw.bindMemory(to: UInt8.self)) }
            if case .success = json { return json }
            // Flow-style YAML (unquoted keys, comments) starts the same way; JSON's error is the better one otherwise.
            if case .success(let yaml) = readYAML(data) { return .success(yaml) }
            return json
        }
        return readYAML(data)
    }

    // MARK: - JSON

    private static func readJSON(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<[KubeValue], SchedulerParseError> {
        var reader = JSONTreeReader(cursor: JSONCursor(bytes), bytes: bytes)
        var documents: [KubeValue] = []
        do {
            repeat { documents.append(try reader.value()) } while reader.cursor.peekKind() != .end
        } catch {
            return .failure(SchedulerParseError(line: error.line(in: bytes), message: error.message))
        }
        return .success(documents)
    }

    /// Builds a tree with `JSONCursor`, counting lines as it goes forward.
    private struct JSONTreeReader {
        var cursor: JSONCursor
        let bytes: UnsafeBufferPointer<UInt8>
        private var lineOffset = 0
        private var line = 1

        init(cursor: JSONCursor, bytes: UnsafeBufferPointer<UInt8>) {
            self.cursor = cursor
            self.bytes = bytes
        }

        /// The line of the cursor's offset (offsets only grow, so this scans each byte once).
        private mutating func currentLine() -> Int {
            let end = min(cursor.offset, bytes.count)
            while lineOffset < end {
                if bytes[lineOffset] == 0x0A { line += 1 }
                lineOffset += 1
            }
            return line
        }

        mutating func value(depth: Int = 0) throws(JSONError) -> KubeValue {
            guard depth < InputLimits.maxNesting else { throw cursor.error("nested too deeply (more than \(InputLimits.maxNesting) levels)") }
            switch cursor.peekKind() {
            case .object:
                let at = currentLine()
                var pairs: [String: KubeValue] = [:]
                try cursor.beginObject()
                while let key = try cursor.nextKey() {
                    let name = String(decoding: key, as: UTF8.self)
                    pairs[name] = try value(depth: depth + 1)
                }
                return .map(pairs, line: at)
            case .array:
                var items: [KubeValue] = []
                try cursor.beginArray()
                while try cursor.nextElement() { items.append(try value(depth: depth + 1)) }
                return .list(items)
            case .end:
                throw cursor.error("expected a value")
            default:
                return try cursor.readString().map(KubeValue.scalar) ?? .null
            }
        }
    }

    // MARK: - YAML

    private static func readYAML(_ data: Data) -> Result<[KubeValue], SchedulerParseError> {
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(SchedulerParseError(line: 1, message: "neither JSON nor YAML: not UTF-8 text"))
        }
        do throws(YAMLProblem) {
            return .success(try SafeYAML.compose(text, single: false).map { convert($0, depth: 0) })
        } catch {
            return .failure(SchedulerParseError(line: error.line, message: "neither JSON nor YAML: \(error.message)"))
        }
    }

    private static func convert(_ node: Yams.Node, depth: Int) -> KubeValue {
        guard depth < InputLimits.maxNesting else { return .null }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null }
            return .scalar(scalar.string)
        case .sequence(let sequence):
            return .list(sequence.map { convert($0, depth: depth + 1) })
        case .mapping(let mapping):
            var pairs: [String: KubeValue] = [:]
            for (key, value) in mapping {
                guard let name = key.scalar?.string else { continue }
                pairs[name] = convert(value, depth: depth + 1)
            }
            return .map(pairs, line: mapping.mark?.line ?? 0)
        }
    }
}

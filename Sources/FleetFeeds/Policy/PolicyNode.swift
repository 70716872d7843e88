import FleetCore
import Yams

/// A YAML node with its field path, collecting every error rather than stopping at the first.
struct PolicyNode {
    let node: Yams.Node
    let path: String
    let reader: PolicyErrors

    var line: Int { node.mark?.line ?? 0 }

    /// Records an error at this node.
    func fail(_ message: String) { reader.add(line: line, field: path, message) }

    /// The members of a mapping; unknown keys are errors (typos must not pass silently).
    func mapping(allowed: Set<String>) -> [String: PolicyNode] {
        guard let mapping = node.mapping else {
            fail("expected a mapping")
            return [:]
        }
        var out: [String: PolicyNode] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            let child = PolicyNode(node: value, path: path.isEmpty ? name : "\(path).\(name)", reader: reader)
            if !allowed.contains(name) {
                reader.add(line: key.mark?.line ?? line, field: child.path,
                           "unknown field (known: \(allowed.sorted().joined(separator: ", ")))")
            } else if out[name] != nil {
                reader.add(line: key.mark?.line ?? line, field: child.path, "given twice")
            } else {
                out[name] = child
            }
        }
        return out
    }

    /// The elements of a sequence.
    func sequence() -> [PolicyNode] {
        guard let sequence = node.sequence else {
            fail("expected a list")
            return []
        }
        return sequence.enumerated().map { PolicyNode(node: $1, path: "\(path)[\($0)]", reader: reader) }
    }

    var string: String? {
        guard let s = node.scalar?.string, !s.isEmpty else { fail("expected text"); return nil }
        return s
    }

    func number(min: Double = -.infinity) -> Double? {
        guard let scalar = node.scalar, let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")) else {
            fail("expected a number")
            return nil
        }
        guard value >= min else { fail("must be ≥ \(min == min.rounded() ? String(Int(min)) : String(min))"); return nil }
        return value
    }

    func integer(min: Int = 0) -> Int? {
        guard let value = number(min: Double(min)) else { return nil }
        guard value == value.rounded() else { fail("expected a whole number"); return nil }
        return Int(value)
    }

    var bool: Bool? {
        switch node.scalar?.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: fail("expected true or false"); return nil
        }
    }

    /// A list of strings, or a single string as a one-element list.
    var strings: [String] {
        if node.scalar != nil { return string.map { [$0] } ?? [] }
        return sequence().compactMap(\.string)
    }

    /// A duration: `90s`, `5m`, `2h`, `1d`, `1w`, or plain seconds.
    var duration: Double? {
        guard let text = node.scalar?.string.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            fail("expected a duration like 5m, 2h or 1d")
            return nil
        }
        if let seconds = DurationFormat.parse(text) { return seconds }
        fail("expected a duration like 5m, 2h or 1d")
        return nil
    }
}

/// Errors of one policy file, collected while reading.
final class PolicyErrors {
    let file: String
    private(set) var all: [PolicyError] = []
    init(file: String) { self.file = file }

    func add(line: Int, field: String, _ message: String) {
        all.append(PolicyError(file: file, line: line, field: field, message: message))
    }
}

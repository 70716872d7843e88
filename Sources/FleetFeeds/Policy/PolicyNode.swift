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

    /// A number from 0 to `max`: every value the policy accepts must be one the core computes with safely.
    func number(max: Double) -> Double? {
        guard let scalar = node.scalar, let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")) else {
            fail("expected a number")
            return nil
        }
        guard value.isFinite else { fail("expected a finite number"); return nil }
        guard value >= 0 else { fail("must be ≥ 0"); return nil }
        guard value <= max else { fail("must be ≤ \(PolicyLimits.text(max))"); return nil }
        return value
    }

    /// A whole number from 0 to `max`.
    func integer(max: Int) -> Int? {
        guard let value = number(max: Double(max)) else { return nil }
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
        guard let seconds = DurationFormat.parse(text) else {
            fail("expected a duration like 5m, 2h or 1d")
            return nil
        }
        guard seconds <= PolicyLimits.seconds else { fail("must be at most 365d"); return nil }
        return seconds
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

/// The largest values a policy accepts: far above any real policy, and low enough that no sum, product or
/// conversion the core does with them can overflow or trap.
enum PolicyLimits {
    /// Budgets and approval thresholds, in dollars.
    static let dollars = 1e12
    /// The smallest monthly budget other than 0 ("no budget"), in dollars.
    static let smallestBudget = 1.0
    /// A price per GPU-hour, in dollars.
    static let pricePerGPUHour = 10_000.0
    /// GPU-hour grants and thresholds.
    static let gpuHours = 1e12
    /// Quotas, in GPUs.
    static let gpus = InputLimits.maxFleetGPUs
    /// Any duration (SLAs, windows): a year.
    static let seconds = 365 * 86_400.0
    /// A fair-share weight.
    static let weight = 1e6
    /// Budget warn/throttle thresholds (1 = 100 % of the budget).
    static let budgetFraction = 10.0
    /// A priority class rank.
    static let rank = 1_000
    /// A queue depth limit, in jobs.
    static let queueDepth = 1_000_000
    /// A commitment term, in months.
    static let termMonths = 120

    /// `value` as written in a message: whole numbers without a fraction.
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

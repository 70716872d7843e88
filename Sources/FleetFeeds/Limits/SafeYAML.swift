import FleetCore
import Yams

/// A YAML text that could not be read, at its line and column (1-based; column 0 when unknown).
struct YAMLProblem: Error, Equatable {
    var line: Int
    var column: Int
    var message: String
}

/// Yams behind the input caps: the text's nesting is measured before Yams (which recurses per level) sees it, and
/// the composed documents may not expand — through aliases — to more values than the text could hold without them.
enum SafeYAML {
    /// Values allowed beyond one per byte of text: a plain document never comes near this, an alias bomb soon does.
    static let expansionSlack = 10_000

    /// Every document in `text` (exactly one when `single`), or the first problem.
    static func compose(_ text: String, single: Bool) throws(YAMLProblem) -> [Yams.Node] {
        if let line = NestingScan.yaml(text, limit: InputLimits.maxNesting) {
            throw YAMLProblem(line: line, column: 0, message: "nested too deeply (more than \(InputLimits.maxNesting) levels)")
        }
        var documents: [Yams.Node] = []
        do {
            if single {
                if let node = try Yams.compose(yaml: text) { documents.append(node) }
            } else {
                var sequence = try Yams.compose_all(yaml: text)
                while let node = sequence.next() { documents.append(node) }
                if let error = sequence.error { throw error }
            }
        } catch let error as YamlError {
            throw locate(error)
        } catch {
            throw YAMLProblem(line: 1, column: 0, message: InputLimits.quote("\(error)"))
        }
        var budget = ExpansionBudget(remaining: text.utf8.count + expansionSlack)
        for node in documents {
            if let problem = budget.spend(node, depth: 1) { throw problem }
        }
        return documents
    }

    /// A Yams error at its mark, its message without libyaml's multi-line snippet of the text.
    private static func locate(_ error: YamlError) -> YAMLProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return YAMLProblem(line: mark.line, column: mark.column, message: InputLimits.quote(detail))
        case .reader(let problem, let offset, _, let yaml):
            guard let offset else { return YAMLProblem(line: 1, column: 0, message: InputLimits.quote(problem)) }
            let before = yaml.prefix(offset)  // Yams counts this offset in characters
            let line = before.reduce(1) { $0 + ($1.isNewline ? 1 : 0) }
            let column = before.reversed().prefix { !$0.isNewline }.count + 1
            return YAMLProblem(line: line, column: column, message: InputLimits.quote(problem))
        default:
            return YAMLProblem(line: 1, column: 0, message: InputLimits.quote(error.description))
        }
    }
}

/// Counts composed values against a budget, depth-first and bounded in depth (aliases can nest deeper than text).
private struct ExpansionBudget {
    var remaining: Int

    mutating func spend(_ node: Yams.Node, depth: Int) -> YAMLProblem? {
        remaining -= 1
        if remaining < 0 {
            return YAMLProblem(line: node.mark?.line ?? 1, column: node.mark?.column ?? 0,
                               message: "expands to too many values (aliases repeat what they point to)")
        }
        if depth > InputLimits.maxNesting {
            return YAMLProblem(line: node.mark?.line ?? 1, column: node.mark?.column ?? 0,
                               message: "nested too deeply (more than \(InputLimits.maxNesting) levels, aliases included)")
        }
        switch node {
        case .scalar: return nil
        case .sequence(let sequence):
            for child in sequence { if let p = spend(child, depth: depth + 1) { return p } }
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let p = spend(key, depth: depth + 1) ?? spend(value, depth: depth + 1) { return p }
            }
        }
        return nil
    }
}

/// A mistake in a policy file, with where it is: `policy.yaml:12: teams[2].quota[0].nominal: must be ≥ 0`
/// (`policy.yaml:12:7: YAML: …` when the column is known).
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// 1-based column, or 0 when only the line is known.
    public var column: Int
    /// Path of the field, e.g. `departments[0].teams[1].budget.monthly`.
    public var field: String
    public var message: String
    public var description: String {
        "\(file):\(line):\(column > 0 ? "\(column):" : "") \(field.isEmpty ? "" : "\(field): ")\(message)"
    }
    /// An error at `line` (and `column`, when known) of `file`.
    public init(file: String, line: Int, column: Int = 0, field: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }
}

/// Every error of a policy file, ordered by line.
public struct PolicyErrorList: Error, Sendable, CustomStringConvertible {
    public var errors: [PolicyError]
    init(_ errors: [PolicyError]) { self.errors = errors.sorted { ($0.line, $0.field) < ($1.line, $1.field) } }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A cell's value to sort by, taken from the model when the row is built (never parsed back from the cell's text).
enum SortKey: Sendable, Hashable {
    /// A count, percentage, ratio or other plain figure.
    case number(Double)
    /// Dollars.
    case money(Double)
    /// Seconds; negative for a deadline already passed.
    case duration(Double)
    /// Epoch seconds (`infinity`: not within the horizon the column looks at).
    case time(Double)
    /// Text, compared as people read it ("node-2" before "node-10"), ignoring case.
    case text(String)
    /// No value: last whichever the direction.
    case missing

    /// The column type this key belongs to (nil when missing).
    var type: ColumnType? {
        switch self {
        case .number: .number
        case .money: .money
        case .duration: .duration
        case .time: .time
        case .text: .text
        case .missing: nil
        }
    }

    /// The figure of a numeric key.
    var value: Double? {
        switch self {
        case .number(let v), .money(let v), .duration(let v), .time(let v): v.isNaN ? nil : v
        case .text, .missing: nil
        }
    }

    /// `v` as a plain figure, missing when absent or not a number.
    static func number(ifKnown v: Double?) -> SortKey { v.map { $0.isNaN ? .missing : .number($0) } ?? .missing }
    /// `v` dollars, missing when absent or not finite.
    static func money(ifKnown v: Double?) -> SortKey { v.map { $0.isFinite ? .money($0) : .missing } ?? .missing }
    /// `v` seconds, missing when absent or not finite.
    static func duration(ifKnown v: Double?) -> SortKey { v.map { $0.isFinite ? .duration($0) : .missing } ?? .missing }
}

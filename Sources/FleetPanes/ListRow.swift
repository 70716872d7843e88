import FleetCore
import FleetTUI

/// A list row: its identity, its cells and, per column, the typed value it sorts by.
struct ListRow {
    var id: String
    var cells: [TableCell]
    var keys: [SortKey]

    /// A row of `fields`, each a cell and its sort key.
    init(id: String, _ fields: [ListField]) {
        self.id = id
        cells = fields.map(\.cell)
        keys = fields.map(\.key)
    }

    /// The text filters match against.
    var searchText: String { cells.map(\.text).joined(separator: " ") }

    /// The key of column `column` (missing past the row's end).
    func key(_ column: Int) -> SortKey { column >= 0 && column < keys.count ? keys[column] : .missing }
}

/// One cell of a list row and the value it sorts by, built from the same model value.
struct ListField {
    var cell: TableCell
    var key: SortKey

    /// A cell whose text the caller formats, sorting by `key`.
    init(_ cell: TableCell, _ key: SortKey) {
        self.cell = cell
        self.key = key
    }

    /// Text from a feed or the model, cleaned for the terminal; `missing` shown (and sorted last) when nil or empty.
    static func text(_ value: String?, missing: String = "—", role: Role? = nil) -> ListField {
        guard let value, !value.isEmpty else { return ListField(TableCell(missing, role: role), .missing) }
        return ListField(TableCell(sanitizeForTerminal(value), role: role), .text(value))
    }

    /// A count.
    static func count(_ n: Int, role: Role? = nil) -> ListField {
        ListField(TableCell(String(n), role: role), .number(Double(n)))
    }

    /// Dollars ("$1,234"), "—" when unknown.
    static func money(_ dollars: Double?, role: Role? = nil) -> ListField {
        ListField(TableCell(Format.money(dollars), role: role), .money(ifKnown: dollars))
    }

    /// Seconds as "3h05m", `missing` when unknown.
    static func duration(_ seconds: Double?, missing: String = "—", role: Role? = nil) -> ListField {
        let key = SortKey.duration(ifKnown: seconds)
        return ListField(TableCell(key == .missing ? missing : Format.duration(seconds), role: role), key)
    }

    /// A fraction as "81 %", sorting by the fraction; "—" when unknown.
    static func percent(_ fraction: Double?, digits: Int, role: Role? = nil) -> ListField {
        ListField(TableCell(Format.percent(fraction, digits: digits), role: role), SortKey.number(ifKnown: fraction.flatMap { $0.isFinite ? $0 : nil }))
    }
}

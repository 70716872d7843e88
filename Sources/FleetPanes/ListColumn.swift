import FleetTUI

/// What a list column holds, so its rows sort by value (as k9s's header flags): the type of the keys its rows carry.
enum ColumnType: Sendable, Hashable {
    case text, number, money, duration, time

    /// Whether keys of this column compare as numbers.
    var isNumeric: Bool { self != .text }
}

/// A list column: its table header and the type of its values.
struct ListColumn: Sendable, Hashable {
    var table: TableColumn
    var type: ColumnType

    /// A column titled `title` holding values of `type`.
    init(_ title: String, _ type: ColumnType, width: TableColumn.Width, alignment: Alignment = .left) {
        table = TableColumn(title, width: width, alignment: alignment)
        self.type = type
    }
}

import Foundation
import FleetCore

/// The sort order of a list pane: a column and a direction. No entry means the pane's natural order.
public struct ListSort: Sendable, Hashable {
    public var column: Int
    public var descending: Bool

    /// Sorts rows by their typed keys in the sort's column, compared the column's way (numbers by value, text as
    /// people read it); missing values, and keys not of the column's type, go last either way. Stable.
    static func apply(_ sort: ListSort?, to rows: [ListRow], columns: [ListColumn]) -> [ListRow] {
        guard let sort, sort.column >= 0, sort.column < columns.count else { return rows }
        let column = sort.column, type = columns[column].type
        let order: [Int]
        if type.isNumeric {
            let values: [Double?] = rows.map { row in
                let key = row.key(column)
                return key.type == type ? key.value : nil
            }
            order = ordered(values, descending: sort.descending) { $0 < $1 }
        } else {
            let texts: [String?] = rows.map { row in
                guard case .text(let text) = row.key(column) else { return nil }
                return text
            }
            order = ordered(texts, descending: sort.descending) { $0.localizedStandardCompare($1) == .orderedAscending }
        }
        return order.map { rows[$0] }
    }

    /// Indices of `values` in order (nil last), ties in their first order.
    private static func ordered<T>(_ values: [T?], descending: Bool, _ less: (T, T) -> Bool) -> [Int] {
        values.indices.sorted { a, b in
            switch (values[a], values[b]) {
            case (nil, nil): return a < b
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?):
                if less(x, y) { return !descending }
                if less(y, x) { return descending }
                return a < b
            }
        }
    }
}

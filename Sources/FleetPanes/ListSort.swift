import Foundation
import FleetCore

/// The sort order of a list pane: a column and a direction. No entry means the pane's natural order.
public struct ListSort: Sendable, Hashable {
    public var column: Int
    public var descending: Bool

    /// Sorts rows by the column's text: numbers, money, percentages and durations by value, the rest by text;
    /// empty and "—" cells go last either way.
    static func apply(_ sort: ListSort?, to rows: [ListRow]) -> [ListRow] {
        guard let sort else { return rows }
        let keyed = rows.map { row in (row, key(sort.column < row.cells.count ? row.cells[sort.column].text : "")) }
        return keyed.enumerated().sorted { a, b in
            let (ka, kb) = (a.element.1, b.element.1)
            if ka.missing != kb.missing { return kb.missing }
            if ka != kb { return sort.descending ? kb < ka : ka < kb }
            return a.offset < b.offset  // Stable.
        }.map(\.element.0)
    }

    struct Key: Comparable {
        var missing: Bool
        var number: Double?
        var text: String

        static func < (a: Key, b: Key) -> Bool {
            if let x = a.number, let y = b.number { return x < y }
            if (a.number == nil) != (b.number == nil) { return a.number != nil }
            return a.text.localizedStandardCompare(b.text) == .orderedAscending
        }
    }

    static func key(_ text: String) -> Key {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t == "—" { return Key(missing: true, number: nil, text: "") }
        return Key(missing: false, number: number(t) ?? seconds(t), text: t.lowercased())
    }

    /// "$1,234.50", "81 %", "12", "87/82" (first figure) → a number.
    private static func number(_ t: String) -> Double? {
        let cleaned = t.replacingOccurrences(of: "$", with: "").replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "/h", with: "")
            .split(separator: "/").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return Double(cleaned)
    }

    /// "45s", "12m", "3h05m", "2d04h" → seconds.
    private static func seconds(_ t: String) -> Double? {
        var total = 0.0, digits = "", any = false
        for ch in t {
            if ch.isNumber { digits.append(ch); continue }
            guard let v = Double(digits) else { return nil }
            switch ch {
            case "d": total += v * 86_400
            case "h": total += v * 3600
            case "m": total += v * 60
            case "s": total += v
            default: return nil
            }
            digits = ""
            any = true
        }
        return any && digits.isEmpty ? total : nil
    }
}

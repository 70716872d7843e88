import FleetCore
import FleetTUI

/// Filtering of list rows.
enum Rows {
    /// Keeps rows whose text matches the filter: a case-insensitive regular expression (a literal if it does not compile);
    /// a leading `!` keeps the rows that do not match.
    static func filter<R>(_ rows: [R], by filter: String?, text: (R) -> String) -> [R] {
        guard var pattern = filter, !pattern.isEmpty else { return rows }
        let inverted = pattern.hasPrefix("!")
        if inverted { pattern.removeFirst() }
        guard !pattern.isEmpty else { return rows }
        let matches: (String) -> Bool
        if let regex = try? Regex(pattern).ignoresCase() {
            matches = { $0.contains(regex) }
        } else {
            let needle = pattern.lowercased()
            matches = { $0.lowercased().contains(needle) }
        }
        return rows.filter { matches(text($0)) != inverted }
    }
}

/// A list's rows as ids and a function for the cells of row `i`: the table asks only for the rows it draws.
struct LazyRows {
    var ids: [String]
    var cells: (Int) -> [TableCell]

    /// Rows already built.
    init(_ rows: [ListRow]) {
        ids = rows.map(\.id)
        cells = { rows[$0].cells }
    }

    /// Rows `ids` whose cells `cells` builds on demand.
    init(ids: [String], cells: @escaping (Int) -> [TableCell]) {
        self.ids = ids
        self.cells = cells
    }
}

/// Draws a list pane: a title line with counts and filter, then the table, or a line saying why it is empty.
enum ListPane {
    static func draw(title: String, columns: [ListColumn], rows: [ListRow], total: Int, emptyText: String,
                     pane: Pane, ui: UIState, into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        draw(title: title, columns: columns, rows: LazyRows(rows), total: total, emptyText: emptyText, pane: pane, ui: ui,
             into: &buffer, in: rect, theme: theme)
    }

    static func draw(title: String, columns: [ListColumn], rows: LazyRows, total: Int, emptyText: String,
                     pane: Pane, ui: UIState, into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard rect.height > 0 else { return }
        let count = rows.ids.count
        var heading = "\(title) — \(count)"
        if count != total { heading += " of \(total)" }
        if let f = ui.filters[pane], !f.isEmpty { heading += "   filter /\(f)" }
        var columns = columns.map(\.table)
        if let sort = ui.sort[pane], sort.column >= 0, sort.column < columns.count {
            columns[sort.column].title += sort.descending ? "▼" : "▲"
            heading += "   sorted by \(columns[sort.column].title)"
        }
        _ = buffer.put(heading, x: rect.x, y: rect.y, style: theme.style(.title), maxWidth: rect.width)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        guard body.height > 0 else { return }
        if count == 0 {
            _ = buffer.put(emptyText, x: body.x, y: body.y + 1, style: theme.style(.muted), maxWidth: body.width)
            return
        }
        // The selection follows its row's id; the kept scroll offset moves only as far as needed to show it.
        let selected = RowSelection.resolve(ui.selection[pane], in: rows.ids)
        let offset = Table.adjustedScrollOffset(current: ui.scroll[pane] ?? 0, selected: selected, rowCount: count,
                                                visibleRows: body.height - 1)
        // Only visible rows are handed to the table: long lists cost what fits on screen.
        let visible = (offset..<min(count, offset + body.height - 1)).map(rows.cells)
        Table(columns: columns, rows: visible, selectedRow: selected - offset)
            .draw(into: &buffer, in: body, theme: theme)
    }
}

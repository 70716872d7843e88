/// A column of a `Table`.
public struct TableColumn: Sendable, Hashable {
    /// How wide a column is.
    public enum Width: Sendable, Hashable {
        /// Exactly this many columns.
        case fixed(Int)
        /// At least `minimum` columns, plus a share of the spare width proportional to `weight`.
        case flexible(minimum: Int, weight: Int)
    }

    /// Header text.
    public var title: String
    /// Width rule.
    public var width: Width
    /// Alignment of the header and the cells.
    public var alignment: Alignment

    /// Creates a column.
    public init(_ title: String, width: Width, alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }

    /// Columns the column needs at least.
    var minimumWidth: Int {
        switch width {
        case .fixed(let n): max(0, n)
        case .flexible(let minimum, _): max(0, minimum)
        }
    }

    /// Share of spare width (0 for fixed columns).
    var weight: Int {
        switch width {
        case .fixed: 0
        case .flexible(_, let weight): max(0, weight)
        }
    }
}

/// One table cell: text plus an optional role that overrides the row's style (e.g. `critical` for a failing GPU).
public struct TableCell: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The text (sanitize feed text before putting it here).
    public var text: String
    /// Role for this cell, or nil for the row's style.
    public var role: Role?

    /// Creates a cell.
    public init(_ text: String, role: Role? = nil) {
        self.text = text
        self.role = role
    }

    /// Creates a plain cell from a literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }
}

/// A scrolling table with a header row and one selected row.
///
/// Rows are drawn in `text`, the selected row in `selected` (a cell's own role then only adds its attributes, so the
/// selection bar stays one colour), and the header in `header`.
public struct Table: Sendable, Hashable {
    /// Columns left to right; those that do not fit are dropped from the right.
    public var columns: [TableColumn]
    /// Rows of cells; missing cells are blank.
    public var rows: [[TableCell]]
    /// Index of the selected row, if any.
    public var selectedRow: Int?
    /// First row shown; adjusted when drawing so the selected row is visible.
    public var scrollOffset: Int
    /// Blank columns between table columns.
    public var columnGap: Int

    /// Creates a table.
    public init(columns: [TableColumn], rows: [[TableCell]], selectedRow: Int? = nil, scrollOffset: Int = 0,
                columnGap: Int = 1) {
        self.columns = columns
        self.rows = rows
        self.selectedRow = selectedRow
        self.scrollOffset = scrollOffset
        self.columnGap = columnGap
    }

    /// Widths for `columns` in `totalWidth`: columns that do not fit (at their minimum) get 0, from the right; spare
    /// width goes to flexible columns by weight. The first column is always kept, cut to `totalWidth` if needed.
    public static func columnWidths(_ columns: [TableColumn], totalWidth: Int, gap: Int = 1) -> [Int] {
        var widths = Array(repeating: 0, count: columns.count)
        guard totalWidth > 0, !columns.isEmpty else { return widths }
        let gap = max(0, gap)
        var used = 0
        var kept = 0
        for (index, column) in columns.enumerated() {
            let needed = (index == 0 ? 0 : gap) + column.minimumWidth
            if index > 0 && used + needed > totalWidth { break }
            widths[index] = column.minimumWidth
            used += needed
            kept += 1
        }
        if used > totalWidth {
            widths[0] = totalWidth
            return widths
        }
        let totalWeight = columns.prefix(kept).map(\.weight).reduce(0, +)
        guard totalWeight > 0 else { return widths }
        let spare = totalWidth - used
        var given = 0
        var lastFlexible = 0
        for (index, column) in columns.prefix(kept).enumerated() where column.weight > 0 {
            let share = spare * column.weight / totalWeight
            widths[index] += share
            given += share
            lastFlexible = index
        }
        // Integer division leaves a remainder; the last flexible column takes it so the row is filled exactly.
        widths[lastFlexible] += spare - given
        return widths
    }

    /// The scroll offset that shows `selected` with as little movement from `current` as possible.
    public static func adjustedScrollOffset(current: Int, selected: Int?, rowCount: Int, visibleRows: Int) -> Int {
        guard visibleRows > 0, rowCount > visibleRows else { return 0 }
        var offset = min(max(0, current), rowCount - visibleRows)
        if let selected {
            let target = min(max(0, selected), rowCount - 1)
            if target < offset { offset = target }
            if target >= offset + visibleRows { offset = target - visibleRows + 1 }
        }
        return offset
    }

    /// Draws the header on the first row of `rect` and as many rows as fit below it.
    public func draw(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard !rect.isEmpty else { return }
        let widths = Self.columnWidths(columns, totalWidth: rect.width, gap: columnGap)
        let (headerRect, bodyRect) = rect.splitTop(1)
        let headerStyle = theme.style(.header)
        buffer.fill(headerRect, style: headerStyle)
        drawRow(columns.map { TableCell($0.title) }, widths: widths, in: headerRect, into: &buffer) { _ in headerStyle }
        let offset = Self.adjustedScrollOffset(current: scrollOffset, selected: selectedRow, rowCount: rows.count,
                                               visibleRows: bodyRect.height)
        let textStyle = theme.style(.text), selectedStyle = theme.style(.selected)
        for (line, rowIndex) in (offset..<min(rows.count, offset + bodyRect.height)).enumerated() {
            let rowRect = Rect(x: rect.x, y: bodyRect.y + line, width: rect.width, height: 1)
            let isSelected = rowIndex == selectedRow
            buffer.fill(rowRect, style: isSelected ? selectedStyle : textStyle)
            drawRow(rows[rowIndex], widths: widths, in: rowRect, into: &buffer) { cell in
                guard let role = cell.role else { return isSelected ? selectedStyle : textStyle }
                return isSelected ? selectedStyle.adding(theme.style(role).attributes) : theme.style(role)
            }
        }
    }

    /// Draws one row's cells at the given widths.
    private func drawRow(_ cells: [TableCell], widths: [Int], in rect: Rect, into buffer: inout CellBuffer,
                         style: (TableCell) -> Style) {
        var x = rect.x
        for (index, column) in columns.enumerated() where widths[index] > 0 {
            if index < cells.count {
                // The row background is already filled, so aligned text is placed directly instead of padded.
                let cell = cells[index], width = widths[index]
                let textWidth = displayWidth(cell.text)
                let text = textWidth > width ? truncate(cell.text, toWidth: width) : cell.text
                let slack = width - min(textWidth, width)
                let start = switch column.alignment {
                case .left: x
                case .right: x + slack
                case .center: x + slack / 2
                }
                buffer.put(text, x: start, y: rect.y, style: style(cell), maxWidth: width - (start - x))
            }
            x += widths[index] + max(0, columnGap)
        }
    }
}

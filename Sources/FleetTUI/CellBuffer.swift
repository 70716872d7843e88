/// One terminal cell: a single scalar and its style.
public struct Cell: Hashable, Sendable {
    /// The scalar shown (a space for blank cells and continuation cells).
    public var scalar: Unicode.Scalar
    /// How the cell is drawn.
    public var style: Style
    /// True for the right half of a double-width character; backends skip these cells.
    public var isContinuation: Bool

    /// Creates a cell; the default is a blank in the plain style.
    public init(scalar: Unicode.Scalar = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.scalar = scalar
        self.style = style
        self.isContinuation = isContinuation
    }

    /// A space in the plain style.
    public static let blank = Cell()
}

/// A width × height grid of cells that widgets draw into and backends present; safe at any size, including 0×0.
public struct CellBuffer: Hashable, Sendable {
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// Row-major cells, `width * height` of them; a flat array keeps a full frame in one allocation.
    public private(set) var cells: [Cell]

    /// Creates a buffer filled with spaces in `style`; negative sizes are treated as zero.
    public init(width: Int, height: Int, style: Style = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(style: style), count: self.width * self.height)
    }

    /// The whole buffer as a rectangle at the origin.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (x, y), or a blank plain cell when out of range.
    public subscript(x x: Int, y y: Int) -> Cell {
        guard x >= 0, x < width, y >= 0, y < height else { return .blank }
        return cells[y * width + x]
    }

    /// Writes `text` on row `y` from column `x` and returns the number of columns written.
    ///
    /// Clips at the buffer edges and after `maxWidth` columns, never wraps, drops control and zero-width scalars
    /// (a cell holds one scalar), and writes a space where a double-width character would not fit.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        var limit = width
        if let maxWidth {
            let (end, overflow) = x.addingReportingOverflow(max(0, maxWidth))
            if !overflow { limit = min(width, end) }
        }
        guard x < limit else { return 0 }
        let rowStart = y * width
        var column = x
        var written = 0
        for scalar in text.unicodeScalars {
            if column >= limit { break }
            let w = displayWidth(of: scalar)
            if w == 0 { continue }
            written += place(scalar, width: w, row: rowStart, column: column, limit: limit, style: style)
            column += w
        }
        return written
    }

    /// Writes one scalar at (x, y) with the same clipping rules as `put(_:x:y:style:maxWidth:)`; returns columns written.
    @discardableResult
    public mutating func put(_ scalar: Unicode.Scalar, x: Int, y: Int, style: Style) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let w = displayWidth(of: scalar)
        guard w > 0 else { return 0 }
        return place(scalar, width: w, row: y * width, column: x, limit: width, style: style)
    }

    /// Fills `rect` (clipped to the buffer) with `scalar` in `style`; a wide scalar is repeated in pairs of columns.
    public mutating func fill(_ rect: Rect, scalar: Unicode.Scalar = " ", style: Style) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let w = displayWidth(of: scalar)
        let filler = Cell(scalar: w == 0 ? " " : scalar, style: style)
        for y in area.y..<area.maxY {
            let rowStart = y * width
            if w == 2 {
                var column = area.x
                while column < area.maxX {
                    if column + 1 < area.maxX {
                        store(filler, row: rowStart, column: column)
                        store(Cell(style: style, isContinuation: true), row: rowStart, column: column + 1)
                    } else {
                        store(Cell(style: style), row: rowStart, column: column)
                    }
                    column += 2
                }
            } else {
                // Only the edge cells can split a wide character that sticks out of the rectangle.
                store(filler, row: rowStart, column: area.x)
                store(filler, row: rowStart, column: area.maxX - 1)
                for index in (rowStart + area.x)..<(rowStart + area.maxX) {
                    cells[index] = filler
                }
            }
        }
    }

    /// Gives every cell in `rect` (clipped to the buffer) the new style, keeping its text.
    public mutating func setStyle(_ rect: Rect, style: Style) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            let rowStart = y * width
            for index in (rowStart + area.x)..<(rowStart + area.maxX) {
                cells[index].style = style
            }
        }
    }

    /// The text of each row, trailing spaces kept and continuation cells omitted.
    public func lines() -> [String] {
        (0..<height).map { y in
            var row = String.UnicodeScalarView()
            for cell in cells[(y * width)..<(y * width + width)] where !cell.isContinuation {
                row.append(cell.scalar)
            }
            return String(row)
        }
    }

    /// Places a scalar of display width `w` (1 or 2) at `column`, clipped to 0..<limit; returns columns written.
    private mutating func place(_ scalar: Unicode.Scalar, width w: Int, row rowStart: Int, column: Int, limit: Int,
                                style: Style) -> Int {
        if column < 0 {
            // Clipped on the left: the visible right half of a wide character becomes a blank.
            guard w == 2 && column == -1 && limit > 0 else { return 0 }
            store(Cell(style: style), row: rowStart, column: 0)
            return 1
        }
        if w == 2 && column + 1 >= limit {
            store(Cell(style: style), row: rowStart, column: column)
            return 1
        }
        store(Cell(scalar: scalar, style: style), row: rowStart, column: column)
        if w == 2 {
            store(Cell(style: style, isContinuation: true), row: rowStart, column: column + 1)
        }
        return w
    }

    /// Stores a cell, first blanking the other half of any wide character it would cut in two.
    private mutating func store(_ cell: Cell, row rowStart: Int, column: Int) {
        let index = rowStart + column
        if cells[index].isContinuation && column > 0 {
            cells[index - 1] = Cell(style: cells[index - 1].style)
        }
        if column + 1 < width && cells[index + 1].isContinuation {
            cells[index + 1] = Cell(style: cells[index + 1].style)
        }
        cells[index] = cell
    }
}

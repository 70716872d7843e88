/// Numbers three rows tall in block characters, for a projector: digits, `.` `,` `%` `$` `-` `+` `k` `M` and space.
public enum BigText {
    /// Rows of each glyph, top to bottom (every row of a glyph as wide as its others).
    static let glyphs: [Character: [String]] = [
        "0": ["█▀█", "█ █", "▀▀▀"], "1": ["▀█ ", " █ ", "▀▀▀"], "2": ["▀▀█", "█▀▀", "▀▀▀"], "3": ["▀▀█", " ▀█", "▀▀▀"],
        "4": ["█ █", "▀▀█", "  ▀"], "5": ["█▀▀", "▀▀█", "▀▀▀"], "6": ["█▀▀", "█▀█", "▀▀▀"], "7": ["▀▀█", "  █", "  ▀"],
        "8": ["█▀█", "█▀█", "▀▀▀"], "9": ["█▀█", "▀▀█", "▀▀▀"], ".": [" ", " ", "▀"], ",": [" ", " ", "▜"],
        "%": ["█ ▄", "▄▀ ", "▀ ▀"], "$": ["▄█▀", "▀█▄", "▀▀ "], "-": ["   ", "▀▀▀", "   "], "+": [" ▄ ", "▀█▀", "   "],
        "−": ["   ", "▀▀▀", "   "], "k": ["█  ", "█▄▀", "▀ ▀"], "M": ["█▄ ▄█", "█ ▀ █", "▀   ▀"], " ": [" ", " ", " "],
    ]

    /// Rows of a big glyph.
    public static let height = 3

    /// The three rows of `text` (glyphs a column apart); nil when a character has no big glyph.
    public static func rows(_ text: String) -> [String]? {
        var rows = [String](repeating: "", count: height)
        for (i, c) in text.enumerated() {
            guard let glyph = glyphs[c] else { return nil }
            for r in 0..<height { rows[r] += (i == 0 ? "" : " ") + glyph[r] }
        }
        return rows
    }

    /// Columns `text` takes drawn big; nil when it cannot be.
    public static func width(_ text: String) -> Int? {
        rows(text).map { $0[0].unicodeScalars.count }
    }

    /// Draws `text` big from (`x`, `y`) when it fits in `maxWidth`, else in plain text on the middle row; returns the
    /// columns used.
    @discardableResult
    public static func draw(_ text: String, x: Int, y: Int, maxWidth: Int, style: Style, into buffer: inout CellBuffer) -> Int {
        guard let rows = rows(text), let width = rows.first?.unicodeScalars.count, width <= maxWidth else {
            return buffer.put(text, x: x, y: y + 1, style: style.adding(.bold), maxWidth: maxWidth)
        }
        for (r, row) in rows.enumerated() { _ = buffer.put(row, x: x, y: y + r, style: style, maxWidth: maxWidth) }
        return width
    }
}

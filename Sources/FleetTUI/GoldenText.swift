extension CellBuffer {
    /// Letters naming styles in golden text, in order of first appearance.
    private static let styleLetters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// A stable, diff-friendly rendering for golden files: size, text rows, style legend, and style-letter rows.
    ///
    /// ```
    /// size 6x2
    /// text:
    /// |OK 中 |
    /// |      |
    /// styles:
    /// A fg=2 bg=default attrs=bold
    /// B fg=default bg=default attrs=none
    /// map:
    /// |AABBBB|
    /// |BBBBBB|
    /// ```
    /// Rows are framed in `|` so trailing spaces survive editors; map rows have one letter per column (a wide
    /// character's right half included). Styles past the 62nd share the letter `?`.
    public func goldenText() -> String {
        var letters: [Style: Character] = [:]
        var legend: [String] = []
        var overflowCount = 0
        var mapRows: [String] = []
        for y in 0..<height {
            var row = "|"
            for x in 0..<width {
                let style = cells[y * width + x].style
                if let letter = letters[style] {
                    row.append(letter)
                    continue
                }
                let letter: Character
                if legend.count < Self.styleLetters.count {
                    letter = Self.styleLetters[legend.count]
                    legend.append("\(letter) fg=\(style.fg) bg=\(style.bg) attrs=\(style.attributes.names)")
                } else {
                    letter = "?"
                    overflowCount += 1
                }
                letters[style] = letter
                row.append(letter)
            }
            mapRows.append(row + "|")
        }
        if overflowCount > 0 {
            legend.append("? \(overflowCount) more styles")
        }
        var out = ["size \(width)x\(height)", "text:"]
        out += lines().map { "|\($0)|" }
        out.append("styles:")
        out += legend
        out.append("map:")
        out += mapRows
        return out.joined(separator: "\n") + "\n"
    }
}

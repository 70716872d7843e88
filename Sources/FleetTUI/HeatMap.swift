/// A grid of values 0...1 laid out row-major, one "■" per cell coloured by the theme's heat scale.
///
/// With more values than cells, consecutive values are averaged into one cell (gaps ignored) so even 10,000 GPUs fit;
/// a cell whose values are all missing shows "·" in `heatNone`. When the scale has no colours (NO_COLOR), the level is
/// shown by shade glyphs ░▒▓█ instead.
public struct HeatMap: Sendable, Hashable {
    /// Glyphs by level for colourless scales, lowest first.
    static let shades: [Unicode.Scalar] = ["░", "▒", "▓", "█"]

    /// Values in row-major order; nil, NaN and infinite values are gaps.
    public var values: [Double?]

    /// Creates a heat map.
    public init(values: [Double?]) {
        self.values = values
    }

    /// How many consecutive values share one cell when `count` values fill `cells` cells (0 when nothing fits).
    public static func valuesPerCell(count: Int, cells: Int) -> Int {
        guard cells > 0, count > 0 else { return 0 }
        return (count + cells - 1) / cells
    }

    /// Draws into `rect` and returns how many values each cell represents (0 for an empty rect or no values).
    @discardableResult
    public func draw(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) -> Int {
        let perCell = Self.valuesPerCell(count: values.count, cells: rect.width * rect.height)
        guard perCell > 0 else { return 0 }
        let scale = theme.heatScale
        let noneStyle = theme.style(.heatNone)
        let colourless = scale.allSatisfy { $0 == .terminalDefault }
        var cell = 0
        var start = 0
        while start < values.count {
            let end = min(start + perCell, values.count)
            var sum = 0.0, present = 0
            for case let value? in values[start..<end] where value.isFinite {
                sum += min(max(value, 0), 1)
                present += 1
            }
            let x = rect.x + cell % rect.width, y = rect.y + cell / rect.width
            if present == 0 || scale.isEmpty {
                buffer.put("·" as Unicode.Scalar, x: x, y: y, style: noneStyle)
            } else {
                let mean = sum / Double(present)
                if colourless {
                    let level = min(Int(mean * Double(Self.shades.count)), Self.shades.count - 1)
                    buffer.put(Self.shades[level], x: x, y: y, style: theme.style(.text))
                } else {
                    let step = min(Int(mean * Double(scale.count)), scale.count - 1)
                    buffer.put("■" as Unicode.Scalar, x: x, y: y, style: Style(fg: scale[step]))
                }
            }
            cell += 1
            start = end
        }
        return perCell
    }
}

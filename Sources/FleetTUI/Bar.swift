/// A horizontal bar of `value` out of `maximum` with eighth-cell precision (▏▎▍▌▋▊▉█).
public struct Bar: Sendable, Hashable {
    /// Partial-cell glyphs for 1/8 … 7/8 of a cell.
    static let eighths: [Unicode.Scalar] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The value shown; negative or NaN draws nothing, above `maximum` draws a full bar.
    public var value: Double
    /// The value that fills the whole width; zero or less draws nothing.
    public var maximum: Double
    /// Role for the bar glyphs.
    public var role: Role

    /// Creates a bar.
    public init(value: Double, maximum: Double, role: Role = .accent) {
        self.value = value
        self.maximum = maximum
        self.role = role
    }

    /// Number of eighth-cells the bar covers in `width` columns.
    public func eighthCount(width: Int) -> Int {
        guard width > 0, maximum > 0, value > 0 else { return 0 }
        let fraction = min(value / maximum, 1)
        return Int((fraction * Double(width * 8)).rounded())
    }

    /// Draws on the first row of `rect`; columns past the end of the bar are left untouched.
    public func draw(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard rect.width > 0, rect.height > 0 else { return }
        let total = eighthCount(width: rect.width)
        let style = theme.style(role)
        buffer.fill(Rect(x: rect.x, y: rect.y, width: total / 8, height: 1), scalar: "█", style: style)
        if total % 8 > 0 {
            buffer.put(Self.eighths[total % 8 - 1], x: rect.x + total / 8, y: rect.y, style: style)
        }
    }
}

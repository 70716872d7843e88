/// A one-row chart of a series using ▁▂▃▄▅▆▇█; gaps (nil, NaN, infinite) show as a stale "·".
///
/// When there are more values than columns the most recent `width` values are shown (no averaging, so spikes stay
/// visible); when there are fewer, the chart is right-aligned so the newest value is always at the right edge.
public struct Sparkline: Sendable, Hashable {
    /// The eight levels from lowest to highest.
    static let levels: [Unicode.Scalar] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Values oldest first.
    public var values: [Double?]
    /// Value drawn as ▁; nil uses the smallest shown value.
    public var minimum: Double?
    /// Value drawn as █; nil uses the largest shown value.
    public var maximum: Double?
    /// Role for the level glyphs.
    public var role: Role

    /// Creates a sparkline.
    public init(values: [Double?], minimum: Double? = nil, maximum: Double? = nil, role: Role = .sparkline) {
        self.values = values
        self.minimum = minimum
        self.maximum = maximum
        self.role = role
    }

    /// The glyph for `value` on a `low...high` scale; a flat range uses the middle level.
    public static func glyph(for value: Double, low: Double, high: Double) -> Unicode.Scalar {
        guard high > low else { return levels[levels.count / 2 - 1] }
        let position = (min(max(value, low), high) - low) / (high - low)
        return levels[Int((position * Double(levels.count - 1)).rounded())]
    }

    /// Draws on the first row of `rect`.
    public func draw(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard rect.width > 0, rect.height > 0 else { return }
        let shown = values.suffix(rect.width).map { value -> Double? in
            guard let value, value.isFinite else { return nil }
            return value
        }
        let present = shown.compactMap { $0 }
        let low = minimum ?? present.min() ?? 0
        let high = maximum ?? present.max() ?? 0
        let style = theme.style(role), gapStyle = theme.style(.stale)
        var x = rect.maxX - shown.count
        for value in shown {
            if let value {
                buffer.put(Self.glyph(for: value, low: low, high: high), x: x, y: rect.y, style: style)
            } else {
                buffer.put("·" as Unicode.Scalar, x: x, y: rect.y, style: gapStyle)
            }
            x += 1
        }
    }
}

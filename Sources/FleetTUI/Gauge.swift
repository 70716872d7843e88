/// A one-row meter of a fraction 0...1 whose fill colour follows caller-supplied thresholds; nil shows "no data".
public struct Gauge: Sendable, Hashable {
    /// From `from` upwards (inclusive) the fill uses `role`.
    public struct Threshold: Sendable, Hashable {
        /// Lowest fraction this threshold applies to.
        public var from: Double
        /// Fill role at or above `from`.
        public var role: Role

        /// Creates a threshold.
        public init(from: Double, role: Role) {
            self.from = from
            self.role = role
        }
    }

    /// The fraction shown, clamped to 0...1; nil (or NaN) means no data.
    public var fraction: Double?
    /// Text centred on the bar, e.g. "73%"; nil for none.
    public var label: String?
    /// Thresholds in any order; the highest one not above the fraction picks the fill role.
    public var thresholds: [Threshold]

    /// Creates a gauge; without thresholds the fill uses `gaugeFill`.
    public init(fraction: Double?, label: String? = nil, thresholds: [Threshold] = []) {
        self.fraction = fraction
        self.label = label
        self.thresholds = thresholds
    }

    /// Thresholds for the usual ok → warn → critical progression.
    public static func levels(warn: Double, critical: Double) -> [Threshold] {
        [Threshold(from: -.infinity, role: .ok), Threshold(from: warn, role: .warn), Threshold(from: critical, role: .critical)]
    }

    /// The role the fill uses for `value` under these thresholds.
    public func fillRole(for value: Double) -> Role {
        thresholds.filter { value >= $0.from }.max { $0.from < $1.from }?.role ?? .gaugeFill
    }

    /// Draws on the first row of `rect`: filled cells as "█" in the fill role, empty cells as "░" in `gaugeEmpty`.
    public func draw(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        let row = Rect(x: rect.x, y: rect.y, width: rect.width, height: min(rect.height, 1))
        guard !row.isEmpty else { return }
        guard let fraction, !fraction.isNaN else {
            buffer.fill(row, style: theme.style(.text))
            let text = truncate("no data", toWidth: row.width)
            buffer.put(text, x: row.x + (row.width - displayWidth(text)) / 2, y: row.y, style: theme.style(.stale))
            return
        }
        let clamped = min(max(fraction, 0), 1)
        let filled = Int((clamped * Double(row.width)).rounded())
        // A solid glyph, not reverse video: the bar must read in plain-text snapshots and captures too.
        let fillStyle = theme.style(fillRole(for: clamped))
        let (fillRect, emptyRect) = row.splitLeft(filled)
        buffer.fill(fillRect, scalar: "█", style: fillStyle)
        buffer.fill(emptyRect, scalar: "░", style: theme.style(.gaugeEmpty))
        guard let label, !label.isEmpty else { return }
        let text = truncate(label, toWidth: row.width)
        let start = row.x + (row.width - displayWidth(text)) / 2
        // Over the filled part the label takes the fill's look, so it reads as text cut out of the bar.
        buffer.put(text, x: start, y: row.y, style: theme.style(.text))
        buffer.setStyle(fillRect.intersection(Rect(x: start, y: row.y, width: displayWidth(text), height: 1)),
                        style: fillStyle.adding(.reverse))
    }
}

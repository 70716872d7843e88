/// One key hint: the key as shown (e.g. "a", "Enter", "^C"), what it does, and whether it is destructive.
public struct HintItem: Sendable, Hashable {
    /// Key text, drawn in `hintKey` (or `dangerous`).
    public var key: String
    /// What the key does, drawn in `hint`.
    public var label: String
    /// True for actions such as approve, deny, preempt or execute.
    public var isDangerous: Bool

    /// Creates a hint item.
    public init(key: String, label: String, isDangerous: Bool = false) {
        self.key = key
        self.label = label
        self.isDangerous = isDangerous
    }

    /// Columns the item takes: key, a space, label.
    var width: Int { displayWidth(key) + 1 + displayWidth(label) }
}

/// A one-row list of key hints, most important first; items that do not fit are dropped and "…" marks the cut.
public struct HintBar: Sendable, Hashable {
    /// Columns between items.
    static let separator = 2

    /// Items in priority order.
    public var items: [HintItem]

    /// Creates a hint bar.
    public init(items: [HintItem]) {
        self.items = items
    }

    /// How many leading items fit in `width` columns, leaving room for the "…" marker when some are dropped.
    public func fittingCount(width: Int) -> Int {
        var used = 0
        var fitting = 0
        for (index, item) in items.enumerated() {
            let start = index == 0 ? 0 : used + Self.separator
            let isLast = index == items.count - 1
            // Unless this is the last item, keep space for "  …" in case a later item is dropped.
            let reserve = isLast ? 0 : Self.separator + 1
            if start + item.width + reserve > width {
                // The item may still fit on its own if every remaining item fits after it; check exactly.
                if start + item.width <= width && fitsAll(from: index + 1, after: start + item.width, width: width) {
                    return items.count
                }
                break
            }
            used = start + item.width
            fitting += 1
        }
        return fitting
    }

    /// True when items from `index` onwards all fit after column `used`.
    private func fitsAll(from index: Int, after used: Int, width: Int) -> Bool {
        var end = used
        for item in items[index...] {
            end += Self.separator + item.width
        }
        return end <= width
    }

    /// Draws on the first row of `rect` (background in `hint`) and returns how many items were shown.
    @discardableResult
    public func draw(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) -> Int {
        guard rect.width > 0, rect.height > 0 else { return 0 }
        let hintStyle = theme.style(.hint)
        buffer.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: hintStyle)
        let shown = fittingCount(width: rect.width)
        var x = rect.x
        for (index, item) in items.prefix(shown).enumerated() {
            if index > 0 { x += Self.separator }
            x += buffer.put(item.key, x: x, y: rect.y, style: theme.style(item.isDangerous ? .dangerous : .hintKey))
            x += 1
            x += buffer.put(item.label, x: x, y: rect.y, style: hintStyle)
        }
        if shown < items.count {
            buffer.put("…", x: shown == 0 ? rect.x : x + Self.separator, y: rect.y, style: hintStyle)
        }
        return shown
    }
}

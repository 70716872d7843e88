/// A border of box-drawing characters with an optional title set into the top edge: `┌─ Title ──┐`.
public struct Box: Sendable, Hashable {
    /// Title shown in the top edge (truncated with "…" to fit); nil or empty for none.
    public var title: String?
    /// Role for the border lines.
    public var borderRole: Role
    /// Role for the title text.
    public var titleRole: Role
    /// Role to fill the interior with first, or nil to leave it untouched.
    public var fillRole: Role?

    /// Creates a box description.
    public init(title: String? = nil, borderRole: Role = .border, titleRole: Role = .title, fillRole: Role? = nil) {
        self.title = title
        self.borderRole = borderRole
        self.titleRole = titleRole
        self.fillRole = fillRole
    }

    /// Draws the box around `rect` and returns the interior; rects under 2×2 get no border and are returned as is.
    @discardableResult
    public func draw(into buffer: inout CellBuffer, in rect: Rect, theme: Theme) -> Rect {
        if let fillRole {
            buffer.fill(rect, style: theme.style(fillRole))
        }
        guard rect.width >= 2, rect.height >= 2 else { return rect }
        let style = theme.style(borderRole)
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        buffer.fill(Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1), scalar: "─", style: style)
        buffer.fill(Rect(x: rect.x + 1, y: bottom, width: rect.width - 2, height: 1), scalar: "─", style: style)
        buffer.fill(Rect(x: rect.x, y: rect.y + 1, width: 1, height: rect.height - 2), scalar: "│", style: style)
        buffer.fill(Rect(x: right, y: rect.y + 1, width: 1, height: rect.height - 2), scalar: "│", style: style)
        buffer.put("┌", x: rect.x, y: rect.y, style: style)
        buffer.put("┐", x: right, y: rect.y, style: style)
        buffer.put("└", x: rect.x, y: bottom, style: style)
        buffer.put("┘", x: right, y: bottom, style: style)
        // The title needs "┌─" before it and "┐" after it, plus a space on each side.
        if let title, !title.isEmpty, rect.width >= 6 {
            let text = " " + truncate(title, toWidth: rect.width - 5) + " "
            buffer.put(text, x: rect.x + 2, y: rect.y, style: theme.style(titleRole), maxWidth: rect.width - 3)
        }
        return rect.inset(by: 1)
    }
}

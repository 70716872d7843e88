/// A centred confirmation box: title in the border, body lines, and a row of buttons with one default.
///
/// The default button is drawn bracketed and bold (`[ Yes ]`), the others padded to the same shape (`  No  `), so the
/// answer Enter gives is visible even without colour. When space is short, body lines are cut before the buttons.
public struct Dialog: Sendable, Hashable {
    /// Title shown in the top border.
    public var title: String
    /// Body text, one entry per row (truncated with "…" to fit).
    public var body: [String]
    /// Button labels, left to right.
    public var buttons: [String]
    /// Index into `buttons` of the one Enter chooses.
    public var defaultButton: Int

    /// Creates a dialog.
    public init(title: String, body: [String], buttons: [String], defaultButton: Int = 0) {
        self.title = title
        self.body = body
        self.buttons = buttons
        self.defaultButton = defaultButton
    }

    /// A button's text as drawn.
    func buttonText(_ index: Int) -> String {
        index == defaultButton ? "[ \(buttons[index]) ]" : "  \(buttons[index])  "
    }

    /// The buttons row as drawn, with two spaces between buttons.
    var buttonRowWidth: Int {
        buttons.indices.map { displayWidth(buttonText($0)) }.reduce(0, +) + max(0, buttons.count - 1) * 2
    }

    /// The box's rect when centred in `area`: sized to its content plus border and one column of padding, then clipped.
    public func frame(in area: Rect) -> Rect {
        let contentWidth = ([displayWidth(title) + 2, buttonRowWidth] + body.map(displayWidth)).max() ?? 0
        let contentHeight = body.count + (buttons.isEmpty ? 0 : 2)
        return area.centered(width: contentWidth + 4, height: contentHeight + 2)
    }

    /// Draws the dialog centred in `area` (normally the whole screen) and returns the rect it occupies.
    @discardableResult
    public func draw(into buffer: inout CellBuffer, in area: Rect, theme: Theme) -> Rect {
        let rect = frame(in: area)
        guard !rect.isEmpty else { return rect }
        let inner = Box(title: title, borderRole: .dialogBorder, titleRole: .dialogBorder, fillRole: .dialog)
            .draw(into: &buffer, in: rect, theme: theme)
            .inset(top: 0, left: 1, bottom: 0, right: 1)
        guard !inner.isEmpty else { return rect }
        let style = theme.style(.dialog)
        // Buttons take the last row; a blank row separates them from the body when there is room.
        let buttonRows = buttons.isEmpty ? 0 : (inner.height >= 3 ? 2 : 1)
        let (bodyRect, buttonRect) = inner.splitBottom(buttonRows)
        for (offset, line) in body.prefix(bodyRect.height).enumerated() {
            buffer.put(truncate(line, toWidth: bodyRect.width), x: bodyRect.x, y: bodyRect.y + offset, style: style)
        }
        guard !buttons.isEmpty else { return rect }
        let y = buttonRect.maxY - 1
        var x = buttonRect.x + max(0, (buttonRect.width - buttonRowWidth) / 2)
        for index in buttons.indices {
            if index > 0 { x += 2 }
            let buttonStyle = index == defaultButton ? style.adding(.bold) : style
            x += buffer.put(buttonText(index), x: x, y: y, style: buttonStyle, maxWidth: buttonRect.maxX - x)
        }
        return rect
    }
}

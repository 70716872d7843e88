import FleetTUI

/// The help dialog: the key map's help lines, a page at a time when they do not fit, with the keys that scroll it in
/// its last line.
enum HelpOverlay {
    /// Help lines that fit at once on a screen of `size`: the body less the dialog's border, its button rows and the
    /// footer line.
    static func pageHeight(on size: ScreenSize) -> Int {
        max(1, Screen.body(width: size.width, height: size.height).height - 5)
    }

    /// `firstLine` moved by `action` (a line or a page), kept between the first and the last page.
    static func scrolled(_ firstLine: Int, by action: UIAction, on size: ScreenSize, readOnly: Bool) -> Int {
        scrolled(firstLine, by: action, lines: KeyMap.helpLines(readOnly: readOnly).count, on: size)
    }

    /// `firstLine` of a dialog of `lines` lines moved by `action`, kept between the first and the last page.
    static func scrolled(_ firstLine: Int, by action: UIAction, lines: Int, on size: ScreenSize) -> Int {
        let page = pageHeight(on: size)
        let moved = switch action {
        case .down: firstLine + 1
        case .up: firstLine - 1
        case .pageDown: firstLine + page
        case .pageUp: firstLine - page
        default: firstLine
        }
        return min(max(0, moved), max(0, lines - page))
    }

    /// The dialog showing the page from `firstLine`, and a footer naming where it is and the keys that scroll and close.
    static func dialog(firstLine: Int, size: ScreenSize, readOnly: Bool) -> Dialog {
        dialog(title: "fleetdeck help", lines: KeyMap.helpLines(readOnly: readOnly), firstLine: firstLine, size: size, readOnly: readOnly)
    }

    /// A dialog of `lines`, paged as the help is.
    static func dialog(title: String, lines: [String], firstLine: Int, size: ScreenSize, readOnly: Bool) -> Dialog {
        let page = pageHeight(on: size)
        let first = min(max(0, firstLine), max(0, lines.count - page))
        let shown = Array(lines[first..<min(lines.count, first + page)])
        let close = KeyMap.hintLine([.overlay], readOnly: readOnly)
        // The scroll keys in one short group ("↓/j ↑/k PgDn PgUp scroll"): the footer must fit an 80-column dialog.
        let scrollKeys = KeyMap.scopeBindings(.help, readOnly: readOnly).map { $0.keys.map(KeyMap.keyName).joined(separator: "/") }
        let footer = lines.count > page
            ? "lines \(first + 1)–\(first + shown.count) of \(lines.count) · \(scrollKeys.joined(separator: " ")) scroll · \(close)"
            : close
        return Dialog(title: title, body: shown + [footer], buttons: ["Close"])
    }
}

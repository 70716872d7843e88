/// A terminal colour: the terminal's own default, or an index into the 256-colour palette.
public enum Color: Hashable, Sendable, CustomStringConvertible {
    /// Whatever the terminal uses by default (keeps transparent backgrounds transparent).
    case terminalDefault
    /// 0-15 are the ANSI colours, 16-255 the xterm-256 cube and grey ramp.
    case indexed(UInt8)

    /// `default` or the palette index, as written in theme files and golden text.
    public var description: String {
        switch self {
        case .terminalDefault: "default"
        case .indexed(let index): String(index)
        }
    }
}

/// Text attributes a terminal can combine with colours.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    /// The raw bit set.
    public let rawValue: UInt8

    /// Creates attributes from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bold (often also brighter).
    public static let bold = TextAttributes(rawValue: 1 << 0)
    /// Dim / faint.
    public static let dim = TextAttributes(rawValue: 1 << 1)
    /// Underlined.
    public static let underline = TextAttributes(rawValue: 1 << 2)
    /// Foreground and background swapped.
    public static let reverse = TextAttributes(rawValue: 1 << 3)
    /// Italic (not supported by every terminal).
    public static let italic = TextAttributes(rawValue: 1 << 4)

    /// Every attribute with its theme-file name, in a fixed order so printed forms are stable.
    static let named: [(name: String, attribute: TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse), ("italic", .italic),
    ]

    /// Comma-separated attribute names in the fixed order, or `none`.
    var names: String {
        let parts = Self.named.filter { contains($0.attribute) }.map(\.name)
        return parts.isEmpty ? "none" : parts.joined(separator: ",")
    }
}

/// How a cell is drawn: foreground, background and attributes.
public struct Style: Hashable, Sendable {
    /// Foreground colour.
    public var fg: Color
    /// Background colour.
    public var bg: Color
    /// Text attributes.
    public var attributes: TextAttributes

    /// Creates a style; everything defaults to the terminal's own look.
    public init(fg: Color = .terminalDefault, bg: Color = .terminalDefault, attributes: TextAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// The terminal's default colours with no attributes.
    public static let plain = Style()

    /// This style with the extra attributes added.
    public func adding(_ extra: TextAttributes) -> Style {
        Style(fg: fg, bg: bg, attributes: attributes.union(extra))
    }
}

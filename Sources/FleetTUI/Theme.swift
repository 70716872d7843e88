/// A meaning that text can carry; themes map each role to a style so colour use stays consistent across panes.
public enum Role: String, CaseIterable, Sendable {
    /// Ordinary text.
    case text
    /// De-emphasised text (units, secondary columns).
    case muted
    /// Table header rows.
    case header
    /// Pane and box titles.
    case title
    /// Box borders and separators.
    case border
    /// Highlights that carry no status meaning.
    case accent
    /// Healthy / within limits.
    case ok
    /// Needs attention soon.
    case warn
    /// On fire: act now.
    case critical
    /// Data older than its freshness limit.
    case stale
    /// The selected row or item.
    case selected
    /// Hint bar labels.
    case hint
    /// Hint bar keys.
    case hintKey
    /// Keys and buttons for destructive or irreversible actions.
    case dangerous
    /// Dialog interior.
    case dialog
    /// Dialog border and title.
    case dialogBorder
    /// Default gauge fill.
    case gaugeFill
    /// Unfilled part of a gauge.
    case gaugeEmpty
    /// Sparkline glyphs.
    case sparkline
    /// The active tab.
    case tabActive
    /// Inactive tabs.
    case tabInactive
    /// Heat-map legend: low values.
    case heatLow
    /// Heat-map legend: middle values.
    case heatMid
    /// Heat-map legend: high values.
    case heatHigh
    /// Heat-map cells with no data.
    case heatNone
}

/// A named mapping from roles to styles plus the colour scale heat maps use.
public struct Theme: Hashable, Sendable {
    /// Theme name (the file name without `.theme`).
    public var name: String
    /// Heat-map colours from low to high (at least five steps in shipped themes).
    public var heatScale: [Color]
    /// Styles per role; roles left out draw in the plain style.
    private var styles: [Role: Style]

    /// Creates a theme; roles missing from `styles` draw in the plain style.
    public init(name: String, styles: [Role: Style], heatScale: [Color]) {
        self.name = name
        self.styles = styles
        self.heatScale = heatScale
    }

    /// The style for a role.
    public func style(_ role: Role) -> Style {
        styles[role] ?? .plain
    }

    /// A copy with every role's style and every heat colour transformed.
    func mapped(styles transformStyle: (Role, Style) -> Style, colors transformColor: (Color) -> Color) -> Theme {
        var copy = self
        for role in Role.allCases {
            copy.styles[role] = transformStyle(role, style(role))
        }
        copy.heatScale = heatScale.map(transformColor)
        return copy
    }
}

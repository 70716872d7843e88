extension Theme {
    /// The default dark theme, compiled in so a broken or missing theme file still leaves a usable screen.
    ///
    /// Must match `themes/default.theme` exactly (a test parses the file and compares).
    public static let builtinDefault: Theme = {
        func c(_ index: UInt8) -> Color { .indexed(index) }
        let fg = c(252), grey = c(245), faint = c(240), panel = c(235), band = c(236), azure = c(39)
        let paper = c(231), ink = c(16), good = c(78), amber = c(214), alarm = c(196), coral = c(203), sea = c(24)
        let styles: [Role: Style] = [
            .text: Style(fg: fg),
            .muted: Style(fg: grey),
            .header: Style(fg: fg, bg: band, attributes: .bold),
            .title: Style(fg: azure, attributes: .bold),
            .border: Style(fg: faint),
            .accent: Style(fg: azure),
            .ok: Style(fg: good),
            .warn: Style(fg: amber),
            .critical: Style(fg: alarm, attributes: .bold),
            .stale: Style(fg: grey, attributes: .italic),
            .selected: Style(fg: paper, bg: sea, attributes: .bold),
            .hint: Style(fg: grey),
            .hintKey: Style(fg: azure, attributes: .bold),
            .dangerous: Style(fg: coral, attributes: .bold),
            .dialog: Style(fg: fg, bg: panel),
            .dialogBorder: Style(fg: azure, bg: panel, attributes: .bold),
            .gaugeFill: Style(fg: azure),
            .gaugeEmpty: Style(fg: faint),
            .sparkline: Style(fg: azure),
            .tabActive: Style(fg: ink, bg: azure, attributes: .bold),
            .tabInactive: Style(fg: grey, bg: band),
            .heatLow: Style(fg: c(24)),
            .heatMid: Style(fg: c(178)),
            .heatHigh: Style(fg: c(160)),
            .heatNone: Style(fg: faint),
        ]
        return Theme(name: "default", styles: styles, heatScale: [c(24), c(31), c(71), c(178), c(166), c(160)])
    }()
}

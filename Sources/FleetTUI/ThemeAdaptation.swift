extension Theme {
    /// The theme for a terminal with only `n` colours: every index maps to the nearest of the first 8 or 16 ANSI
    /// colours (attributes kept); 256 or more returns the theme unchanged, fewer than 8 returns `withoutColor()`.
    public func degraded(toColorCount n: Int) -> Theme {
        if n >= 256 { return self }
        if n < 8 { return withoutColor() }
        let count = n >= 16 ? 16 : 8
        func map(_ color: Color) -> Color {
            guard case .indexed(let index) = color, Int(index) >= count else { return color }
            // Bright ANSI colours have a plain twin in the first 8; everything else goes by RGB distance.
            if index < 16 { return .indexed(index - 8) }
            return .indexed(Xterm256.nearest(to: Xterm256.palette[Int(index)], among: 0..<count))
        }
        return mapped(styles: { _, style in
            var result = Style(fg: map(style.fg), bg: map(style.bg), attributes: style.attributes)
            // Two different colours can collapse into one; keep text readable on its background.
            if case .indexed(let bg) = result.bg, result.fg == result.bg, style.fg != style.bg {
                result.fg = .indexed(Self.readableForeground(on: bg, colorCount: count))
            }
            return result
        }, colors: map)
    }

    /// The theme for NO_COLOR: all colours become the terminal default and status roles get attributes instead,
    /// so selection, warnings and critical states stay distinguishable (critical bold+underline, selected reverse).
    public func withoutColor() -> Theme {
        mapped(styles: { role, style in
            Style(attributes: Self.monochromeAttributes[role] ?? style.attributes)
        }, colors: { _ in .terminalDefault })
    }

    /// Attributes that replace the theme's own for roles whose meaning would otherwise be carried by colour alone.
    private static let monochromeAttributes: [Role: TextAttributes] = [
        .ok: [],
        .warn: [.bold],
        .critical: [.bold, .underline],
        .stale: [.dim],
        .selected: [.reverse],
        .tabActive: [.reverse, .bold],
        .dangerous: [.bold, .underline],
        .gaugeFill: [],
        .gaugeEmpty: [.dim],
    ]

    /// Black or white, whichever stands out more on the given ANSI background.
    private static func readableForeground(on background: UInt8, colorCount: Int) -> UInt8 {
        let rgb = Xterm256.palette[Int(background)]
        let luminance = 299 * rgb.r + 587 * rgb.g + 114 * rgb.b
        return luminance > 128_000 ? 0 : (colorCount >= 16 ? 15 : 7)
    }
}

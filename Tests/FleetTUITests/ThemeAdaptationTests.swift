import Testing
import FleetTUI

@Suite struct ThemeAdaptationTests {
    /// Every colour a theme uses, heat scale included.
    func colors(of theme: Theme) -> [Color] {
        Role.allCases.flatMap { [theme.style($0).fg, theme.style($0).bg] } + theme.heatScale
    }

    func index(_ color: Color) -> Int? {
        if case .indexed(let i) = color { Int(i) } else { nil }
    }

    @Test func degradedToEightUsesOnlyIndicesZeroToSeven() throws {
        for theme in try ShippedThemes.all() {
            let degraded = theme.degraded(toColorCount: 8)
            #expect(colors(of: degraded).compactMap(index).allSatisfy { $0 < 8 }, "\(theme.name)")
        }
    }

    @Test func degradedToSixteenUsesOnlyIndicesBelowSixteen() throws {
        for theme in try ShippedThemes.all() {
            #expect(colors(of: theme.degraded(toColorCount: 16)).compactMap(index).allSatisfy { $0 < 16 }, "\(theme.name)")
        }
    }

    @Test func degradingKeepsAttributesAndNearestColours() {
        let theme = Theme(name: "t", styles: [
            .critical: Style(fg: .indexed(196), attributes: [.bold, .underline]),
            .ok: Style(fg: .indexed(10)),
            .text: Style(fg: .terminalDefault, bg: .indexed(4)),
        ], heatScale: [])
        let eight = theme.degraded(toColorCount: 8)
        #expect(eight.style(.critical) == Style(fg: .indexed(1), attributes: [.bold, .underline]))
        #expect(eight.style(.ok) == Style(fg: .indexed(2)))
        #expect(eight.style(.text) == Style(bg: .indexed(4)))
        #expect(theme.degraded(toColorCount: 16).style(.critical).fg == .indexed(9))
        #expect(theme.degraded(toColorCount: 256) == theme)
        #expect(theme.degraded(toColorCount: 2) == theme.withoutColor())
    }

    @Test func degradingKeepsTextReadableWhenColoursCollapse() {
        // 231 (white) on 255 (near white) both become 7 in eight colours.
        let theme = Theme(name: "t", styles: [.selected: Style(fg: .indexed(231), bg: .indexed(255))], heatScale: [])
        let style = theme.degraded(toColorCount: 8).style(.selected)
        #expect(style.bg == .indexed(7))
        #expect(style.fg == .indexed(0))
    }

    @Test func withoutColorHasNoColours() throws {
        for theme in try ShippedThemes.all() + [Theme.builtinDefault] {
            #expect(colors(of: theme.withoutColor()).allSatisfy { $0 == .terminalDefault }, "\(theme.name)")
        }
    }

    @Test func withoutColorMarksStatesWithAttributes() {
        let mono = Theme.builtinDefault.withoutColor()
        #expect(mono.style(.critical).attributes.isSuperset(of: [.bold, .underline]))
        #expect(mono.style(.selected).attributes.contains(.reverse))
        #expect(mono.style(.header).attributes.contains(.bold))
    }
}

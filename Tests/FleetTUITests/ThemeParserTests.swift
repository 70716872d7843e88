import Testing
import FleetTUI

@Suite struct ThemeParserTests {
    func parse(_ text: String) throws(ThemeError) -> Theme {
        try Theme.parse(text, name: "test", file: "test.theme")
    }

    func failure(_ text: String) -> ThemeError? {
        do throws(ThemeError) {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesPaletteRolesAttributesAndHeat() throws {
        let theme = try parse("""
            # comment
            [palette]
            sea = #005f87   # trailing comment
            [roles]
            selected = 231 on sea bold reverse
            warn = bright-yellow underline
            critical = red
            ok = default on default
            [heat]
            scale = 0 1 2 3 sea
            """)
        #expect(theme.name == "test")
        #expect(theme.style(.selected) == Style(fg: .indexed(231), bg: .indexed(24), attributes: [.bold, .reverse]))
        #expect(theme.style(.warn) == Style(fg: .indexed(11), attributes: .underline))
        #expect(theme.style(.critical) == Style(fg: .indexed(1)))
        #expect(theme.style(.ok) == .plain)
        #expect(theme.heatScale == [.indexed(0), .indexed(1), .indexed(2), .indexed(3), .indexed(24)])
    }

    @Test func missingRolesFallBackToTheBuiltinDefault() throws {
        let theme = try parse("[roles]\ntext = 15\n")
        #expect(theme.style(.text) == Style(fg: .indexed(15)))
        #expect(theme.style(.critical) == Theme.builtinDefault.style(.critical))
        #expect(theme.heatScale == Theme.builtinDefault.heatScale)
        #expect(try parse("").style(.hintKey) == Theme.builtinDefault.style(.hintKey))
    }

    @Test func hexMapsToNearestXtermIndex() throws {
        let theme = try parse("[roles]\ntext = #ff0000\nmuted = #FF0001\nok = #d0d0d0\nwarn = #0a0a0a\n")
        #expect(theme.style(.text).fg == .indexed(196))
        #expect(theme.style(.muted).fg == .indexed(196))
        #expect(theme.style(.ok).fg == .indexed(252))
        #expect(theme.style(.warn).fg == .indexed(232))
    }

    @Test func unknownRoleReportsItsLine() {
        let e = failure("# theme\n[roles]\ntext = 1\nbogus = 2\n")
        #expect(e?.line == 4)
        #expect(e?.file == "test.theme")
        #expect(e?.message.hasPrefix("unknown role 'bogus'") == true)
    }

    @Test func badColourReportsItsLine() {
        #expect(failure("[roles]\n\ntext = chartreuse\n")?.line == 3)
        #expect(failure("[roles]\ntext = #12345\n")?.message.hasPrefix("unknown colour '#12345'") == true)
        #expect(failure("[roles]\ntext = 256\n")?.line == 2)
        #expect(failure("[roles]\ntext = 1 on\n")?.message == "missing background colour after 'on'")
        #expect(failure("[palette]\na = #zzzzzz\n")?.line == 2)
        #expect(failure("[heat]\nscale = 1 2 3 4 nope\n")?.line == 2)
    }

    @Test func unknownSectionReportsItsLine() {
        let e = failure("[roles]\ntext = 1\n\n[colours]\n")
        #expect(e?.line == 4)
        #expect(e?.message.hasPrefix("unknown section '[colours]'") == true)
        #expect(failure("[roles\n")?.line == 1)
    }

    @Test func duplicateKeyReportsBothLines() {
        let e = failure("[roles]\ntext = 1\nmuted = 2\ntext = 3\n")
        #expect(e?.line == 4)
        #expect(e?.message == "duplicate key 'text' in [roles] (first set on line 2)")
        #expect(failure("[palette]\na = 1\n[roles]\n[palette]\na = 2\n")?.line == 5)
        // The same key in different sections is fine.
        #expect(failure("[palette]\ntext = 1\n[roles]\ntext = text\n") == nil)
    }

    @Test func otherMistakesReportTheirLines() {
        #expect(failure("text = 1\n")?.line == 1)
        #expect(failure("[roles]\ntext 1\n")?.line == 2)
        #expect(failure("[roles]\ntext = 1 blinking\n")?.message.hasPrefix("unknown attribute 'blinking'") == true)
        #expect(failure("[roles]\ntext =\n")?.line == 2)
        #expect(failure("[heat]\nscale = 1 2 3\n")?.message == "heat scale needs at least 5 colours, found 3")
        #expect(failure("[heat]\nsteps = 1 2 3 4 5\n")?.line == 2)
        #expect(failure("[palette]\nbold = 1\n")?.line == 2)
        #expect(failure("[palette]\nmy colour = 1\n")?.line == 2)
    }

    @Test func windowsLineEndingsCountLinesCorrectly() {
        #expect(failure("[roles]\r\ntext = 1\r\nnope = 1\r\n")?.line == 3)
    }

    @Test func descriptionIsFileColonLine() {
        let e = ThemeError(file: "/x/y.theme", line: 7, message: "unknown role 'z'")
        #expect(e.description == "/x/y.theme:7: unknown role 'z'")
    }
}

import Testing
import FleetTUI

@Suite struct GoldenTextTests {
    @Test func formatIsStable() {
        var buffer = CellBuffer(width: 6, height: 2)
        buffer.put("OK", x: 0, y: 0, style: Style(fg: .indexed(2), attributes: .bold))
        buffer.put("中", x: 3, y: 0, style: .plain)
        buffer.put("!", x: 5, y: 1, style: Style(fg: .indexed(252), bg: .indexed(24), attributes: [.reverse, .bold]))
        let expected = """
            size 6x2
            text:
            |OK 中 |
            |     !|
            styles:
            A fg=2 bg=default attrs=bold
            B fg=default bg=default attrs=none
            C fg=252 bg=24 attrs=bold,reverse
            map:
            |AABBBB|
            |BBBBBC|

            """
        #expect(buffer.goldenText() == expected)
    }

    @Test func isDeterministic() {
        func make() -> CellBuffer {
            var buffer = CellBuffer(width: 30, height: 5)
            for i in 0..<20 {
                buffer.put("x", x: i, y: i % 5, style: Style(fg: .indexed(UInt8(i))))
            }
            return buffer
        }
        #expect(make().goldenText() == make().goldenText())
    }

    @Test func emptyBuffer() {
        #expect(CellBuffer(width: 0, height: 0).goldenText() == "size 0x0\ntext:\nstyles:\nmap:\n")
    }

    @Test func lettersRunOutGracefully() {
        var buffer = CellBuffer(width: 70, height: 1)
        for i in 0..<70 {
            buffer.put("x", x: i, y: 0, style: Style(fg: .indexed(UInt8(i))))
        }
        let text = buffer.goldenText()
        #expect(text.contains("9 fg=61 bg=default attrs=none"))
        #expect(text.contains("? 8 more styles"))
        #expect(text.contains("|ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789????????|"))
    }
}

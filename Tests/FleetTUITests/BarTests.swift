import Testing
import FleetTUI

@Suite struct BarTests {
    let theme = Theme.builtinDefault

    func draw(_ bar: Bar, width: Int) -> [String] {
        var buffer = CellBuffer(width: width, height: 1)
        bar.draw(into: &buffer, in: buffer.bounds, theme: theme)
        return buffer.lines()
    }

    @Test func eighthBlocksGiveSubCellPrecision() {
        #expect(draw(Bar(value: 1, maximum: 8), width: 1) == ["▏"])
        #expect(draw(Bar(value: 4, maximum: 8), width: 1) == ["▌"])
        #expect(draw(Bar(value: 7, maximum: 8), width: 1) == ["▉"])
        #expect(draw(Bar(value: 19, maximum: 32), width: 4) == ["██▍ "])
        #expect(Bar(value: 19, maximum: 32).eighthCount(width: 4) == 19)
    }

    @Test func fullAndEmptyBars() {
        #expect(draw(Bar(value: 10, maximum: 10), width: 3) == ["███"])
        #expect(draw(Bar(value: 99, maximum: 10), width: 3) == ["███"])
        #expect(draw(Bar(value: 0, maximum: 10), width: 3) == ["   "])
        #expect(draw(Bar(value: -4, maximum: 10), width: 3) == ["   "])
        #expect(draw(Bar(value: .nan, maximum: 10), width: 3) == ["   "])
        #expect(draw(Bar(value: 5, maximum: 0), width: 3) == ["   "])
    }

    @Test func usesItsRole() {
        var buffer = CellBuffer(width: 2, height: 1)
        Bar(value: 1, maximum: 1, role: .warn).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer[x: 1, y: 0].style == theme.style(.warn))
    }

    @Test func tinyRectsDoNotCrash() {
        #expect(draw(Bar(value: 1, maximum: 1), width: 0) == [""])
        var buffer = CellBuffer(width: 3, height: 3)
        Bar(value: 1, maximum: 1).draw(into: &buffer, in: Rect(x: 2, y: 2, width: 5, height: 5), theme: theme)
        #expect(buffer.lines() == ["   ", "   ", "  █"])
    }
}

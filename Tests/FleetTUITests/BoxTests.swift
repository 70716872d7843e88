import Testing
import FleetTUI

@Suite struct BoxTests {
    let theme = Theme.builtinDefault

    @Test func drawsBorderAndTitleAndReturnsInterior() {
        var buffer = CellBuffer(width: 12, height: 3)
        let inner = Box(title: "GPUs").draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(inner == Rect(x: 1, y: 1, width: 10, height: 1))
        #expect(buffer.lines() == ["┌─ GPUs ───┐", "│          │", "└──────────┘"])
        #expect(buffer[x: 0, y: 0].style == theme.style(.border))
        #expect(buffer[x: 3, y: 0].style == theme.style(.title))
    }

    @Test func longTitlesAreTruncated() {
        var buffer = CellBuffer(width: 9, height: 2)
        Box(title: "Queues and waits").draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer.lines() == ["┌─ Que… ┐", "└───────┘"])
    }

    @Test func tinyRectsGetNoBorder() {
        var buffer = CellBuffer(width: 1, height: 5)
        let inner = Box(title: "x").draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(inner == buffer.bounds)
        #expect(buffer.lines().allSatisfy { $0 == " " })
        var zero = CellBuffer(width: 0, height: 0)
        #expect(Box().draw(into: &zero, in: zero.bounds, theme: theme).isEmpty)
        var two = CellBuffer(width: 2, height: 2)
        #expect(Box(title: "t").draw(into: &two, in: two.bounds, theme: theme).isEmpty)
        #expect(two.lines() == ["┌┐", "└┘"])
    }
}

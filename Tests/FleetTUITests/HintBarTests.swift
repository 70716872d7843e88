import Testing
import FleetTUI

@Suite struct HintBarTests {
    let theme = Theme.builtinDefault
    let bar = HintBar(items: [
        HintItem(key: "q", label: "quit"),
        HintItem(key: "a", label: "approve", isDangerous: true),
        HintItem(key: "?", label: "help"),
    ])

    func draw(width: Int) -> (CellBuffer, Int) {
        var buffer = CellBuffer(width: width, height: 1)
        let shown = bar.draw(into: &buffer, in: buffer.bounds, theme: theme)
        return (buffer, shown)
    }

    @Test func itemsAreLaidOutWithTwoSpaces() {
        let (buffer, shown) = draw(width: 30)
        #expect(shown == 3)
        #expect(buffer.lines() == ["q quit  a approve  ? help     "])
        #expect(buffer[x: 0, y: 0].style == theme.style(.hintKey))
        #expect(buffer[x: 2, y: 0].style == theme.style(.hint))
        #expect(buffer[x: 8, y: 0].style == theme.style(.dangerous))
        #expect(buffer[x: 29, y: 0].style == theme.style(.hint))
    }

    @Test func exactFitNeedsNoEllipsis() {
        let (buffer, shown) = draw(width: 25)
        #expect(shown == 3)
        #expect(buffer.lines() == ["q quit  a approve  ? help"])
    }

    @Test func itemsThatDoNotFitAreDroppedWithEllipsis() {
        let (buffer, shown) = draw(width: 24)
        #expect(shown == 2)
        #expect(buffer.lines() == ["q quit  a approve  …    "])
        let (narrow, few) = draw(width: 9)
        #expect(few == 1)
        #expect(narrow.lines() == ["q quit  …"])
        // Too narrow for the first item plus the marker: only the marker remains.
        let (tiny, none) = draw(width: 8)
        #expect(none == 0)
        #expect(tiny.lines() == ["…       "])
    }

    @Test func tinyRectsDoNotCrash() {
        #expect(draw(width: 0).1 == 0)
        let (one, shown) = draw(width: 1)
        #expect(shown == 0)
        #expect(one.lines() == ["…"])
        var empty = CellBuffer(width: 5, height: 1)
        #expect(HintBar(items: []).draw(into: &empty, in: empty.bounds, theme: theme) == 0)
        #expect(empty.lines() == ["     "])
    }
}

import Testing
import FleetTUI

@Suite struct SparklineTests {
    let theme = Theme.builtinDefault

    func draw(_ sparkline: Sparkline, width: Int) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: 1)
        sparkline.draw(into: &buffer, in: buffer.bounds, theme: theme)
        return buffer
    }

    @Test func minimumMapsToLowestAndMaximumToFullBlock() {
        // 6.5 is half way between 3 and 10: level round(0.5 × 7) = 4, the fifth glyph.
        let buffer = draw(Sparkline(values: [3, 10, 6.5, 3, 10]), width: 5)
        #expect(buffer.lines() == ["▁█▅▁█"])
        #expect(buffer[x: 0, y: 0].style == theme.style(.sparkline))
    }

    @Test func explicitRangeClampsValues() {
        let buffer = draw(Sparkline(values: [-5, 0, 50, 100, 500], minimum: 0, maximum: 100), width: 5)
        #expect(buffer.lines() == ["▁▁▅██"])
    }

    @Test func gapsDrawAsStaleDots() {
        let buffer = draw(Sparkline(values: [1, nil, 2, .nan, .infinity]), width: 5)
        #expect(buffer.lines() == ["▁·█··"])
        #expect(buffer[x: 1, y: 0].style == theme.style(.stale))
    }

    @Test func showsTheMostRecentValuesRightAligned() {
        #expect(draw(Sparkline(values: [100, 0, 1, 2]), width: 3).lines() == ["▁▅█"])
        #expect(draw(Sparkline(values: [0, 1]), width: 4).lines() == ["  ▁█"])
    }

    @Test func flatSeriesUsesTheMiddleLevel() {
        #expect(draw(Sparkline(values: [5, 5, 5]), width: 3).lines() == ["▄▄▄"])
        #expect(draw(Sparkline(values: [nil, nil]), width: 2).lines() == ["··"])
    }

    @Test func tinyRectsDoNotCrash() {
        #expect(draw(Sparkline(values: [1, 2, 3]), width: 0).lines() == [""])
        #expect(draw(Sparkline(values: [1, 2, 3]), width: 1).lines() == ["▄"])
        #expect(draw(Sparkline(values: []), width: 3).lines() == ["   "])
    }
}

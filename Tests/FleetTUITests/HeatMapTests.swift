import Testing
import FleetTUI

@Suite struct HeatMapTests {
    let theme = Theme.builtinDefault

    @Test func oneCellPerValueRowMajor() {
        var buffer = CellBuffer(width: 3, height: 2)
        let perCell = HeatMap(values: [0, 1, nil, 0.5]).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(perCell == 1)
        #expect(buffer.lines() == ["■■·", "■  "])
        #expect(buffer[x: 0, y: 0].style.fg == theme.heatScale.first)
        #expect(buffer[x: 1, y: 0].style.fg == theme.heatScale.last)
        #expect(buffer[x: 2, y: 0].style == theme.style(.heatNone))
        #expect(buffer[x: 0, y: 1].style.fg == theme.heatScale[theme.heatScale.count / 2])
    }

    @Test func tenThousandValuesAreAggregatedByMean() {
        // First half idle, second half saturated, a gap in the middle of the second half.
        var values: [Double?] = Array(repeating: 0.0, count: 5_000) + Array(repeating: 1.0, count: 5_000)
        values[7_500] = nil
        var buffer = CellBuffer(width: 20, height: 5)
        let perCell = HeatMap(values: values).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(perCell == 100)
        #expect(buffer.lines().allSatisfy { $0 == String(repeating: "■", count: 20) })
        #expect((0..<50).allSatisfy { buffer[x: $0 % 20, y: $0 / 20].style.fg == theme.heatScale.first })
        #expect((50..<100).allSatisfy { buffer[x: $0 % 20, y: $0 / 20].style.fg == theme.heatScale.last })
    }

    @Test func aggregationIntoAnOddRectUsesEveryValueOnce() {
        var buffer = CellBuffer(width: 7, height: 3)
        let perCell = HeatMap(values: Array(repeating: 0.5, count: 10_000)).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(perCell == 477)
        #expect(HeatMap.valuesPerCell(count: 10_000, cells: 21) == 477)
        #expect(buffer.cells.filter { $0.scalar == "■" }.count == 21)
    }

    @Test func cellsWithOnlyGapsShowNoData() {
        var buffer = CellBuffer(width: 2, height: 1)
        HeatMap(values: [nil, nil, 0.2, nil]).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer.lines() == ["·■"])
    }

    @Test func colourlessThemesUseShades() {
        var buffer = CellBuffer(width: 4, height: 1)
        HeatMap(values: [0, 0.3, 0.6, 1]).draw(into: &buffer, in: buffer.bounds, theme: theme.withoutColor())
        #expect(buffer.lines() == ["░▒▓█"])
    }

    @Test func emptyRectsAndValues() {
        var buffer = CellBuffer(width: 0, height: 0)
        #expect(HeatMap(values: [1, 2]).draw(into: &buffer, in: buffer.bounds, theme: theme) == 0)
        var one = CellBuffer(width: 1, height: 1)
        #expect(HeatMap(values: []).draw(into: &one, in: one.bounds, theme: theme) == 0)
        #expect(HeatMap(values: [0.1, 0.9, 1]).draw(into: &one, in: one.bounds, theme: theme) == 3)
        #expect(one.lines() == ["■"])
    }
}

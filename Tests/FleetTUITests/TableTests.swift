import Testing
import FleetTUI

@Suite struct TableTests {
    let theme = Theme.builtinDefault

    func table(rows count: Int, selected: Int?, offset: Int = 0) -> Table {
        Table(
            columns: [TableColumn("NAME", width: .fixed(6)), TableColumn("GPUS", width: .fixed(4), alignment: .right)],
            rows: (0..<count).map { [TableCell("job\($0)"), TableCell("\($0)")] },
            selectedRow: selected, scrollOffset: offset)
    }

    @Test func columnWidthsShareSpareWidthByWeight() {
        let columns = [
            TableColumn("A", width: .fixed(4)),
            TableColumn("B", width: .flexible(minimum: 2, weight: 1)),
            TableColumn("C", width: .flexible(minimum: 2, weight: 3)),
        ]
        // 4 + 1 + 2 + 1 + 2 = 10 used, 10 spare: B gets 2, C gets 7 plus the remainder 1.
        #expect(Table.columnWidths(columns, totalWidth: 20) == [4, 4, 10])
        #expect(Table.columnWidths(columns, totalWidth: 10) == [4, 2, 2])
    }

    @Test func columnsThatDoNotFitAreDroppedFromTheRight() {
        let columns = [
            TableColumn("A", width: .fixed(4)),
            TableColumn("B", width: .fixed(6)),
            TableColumn("C", width: .flexible(minimum: 2, weight: 1)),
        ]
        #expect(Table.columnWidths(columns, totalWidth: 11) == [4, 6, 0])
        #expect(Table.columnWidths(columns, totalWidth: 10) == [4, 0, 0])
        #expect(Table.columnWidths(columns, totalWidth: 3) == [3, 0, 0])
        #expect(Table.columnWidths(columns, totalWidth: 0) == [0, 0, 0])
        #expect(Table.columnWidths([], totalWidth: 10) == [])
    }

    @Test func droppedColumnsAreNotDrawn() {
        var buffer = CellBuffer(width: 8, height: 2)
        table(rows: 1, selected: nil).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer.lines() == ["NAME    ", "job0    "])
    }

    @Test func headerAndRowsAreDrawnAndStyled() {
        var buffer = CellBuffer(width: 11, height: 4)
        table(rows: 3, selected: 1).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer.lines() == ["NAME   GPUS", "job0      0", "job1      1", "job2      2"])
        #expect(buffer[x: 0, y: 0].style == theme.style(.header))
        #expect(buffer[x: 0, y: 1].style == theme.style(.text))
        #expect(buffer[x: 6, y: 2].style == theme.style(.selected))
        #expect(buffer[x: 10, y: 2].style == theme.style(.selected))
    }

    @Test func scrollingKeepsTheSelectionVisible() {
        var buffer = CellBuffer(width: 11, height: 4)
        table(rows: 50, selected: 20).draw(into: &buffer, in: buffer.bounds, theme: theme)
        // Three body rows: scrolling down just far enough puts the selection on the last one.
        #expect(Array(buffer.lines()[1...]) == ["job18    18", "job19    19", "job20    20"])
        #expect(buffer[x: 0, y: 3].style == theme.style(.selected))

        buffer = CellBuffer(width: 11, height: 4)
        table(rows: 50, selected: 2, offset: 30).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer.lines()[1] == "job2      2")
    }

    @Test func adjustedScrollOffsetMovesAsLittleAsPossible() {
        #expect(Table.adjustedScrollOffset(current: 0, selected: 5, rowCount: 100, visibleRows: 10) == 0)
        #expect(Table.adjustedScrollOffset(current: 0, selected: 10, rowCount: 100, visibleRows: 10) == 1)
        #expect(Table.adjustedScrollOffset(current: 50, selected: 45, rowCount: 100, visibleRows: 10) == 45)
        #expect(Table.adjustedScrollOffset(current: 95, selected: nil, rowCount: 100, visibleRows: 10) == 90)
        #expect(Table.adjustedScrollOffset(current: 5, selected: 3, rowCount: 8, visibleRows: 10) == 0)
        #expect(Table.adjustedScrollOffset(current: 5, selected: 500, rowCount: 100, visibleRows: 10) == 90)
        #expect(Table.adjustedScrollOffset(current: 5, selected: 3, rowCount: 100, visibleRows: 0) == 0)
    }

    @Test func cellRolesOverrideRowStyle() {
        var buffer = CellBuffer(width: 11, height: 3)
        let t = Table(columns: [TableColumn("NAME", width: .fixed(6)), TableColumn("STATE", width: .fixed(4))],
                      rows: [[TableCell("a"), TableCell("FAIL", role: .critical)], [TableCell("b"), TableCell("FAIL", role: .critical)]],
                      selectedRow: 1)
        t.draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer[x: 7, y: 1].style == theme.style(.critical))
        #expect(buffer[x: 7, y: 2].style == theme.style(.selected).adding(theme.style(.critical).attributes))
    }

    @Test func longCellsAreTruncatedWithEllipsis() {
        var buffer = CellBuffer(width: 11, height: 2)
        let t = Table(columns: [TableColumn("NAME", width: .fixed(6)), TableColumn("N", width: .fixed(4), alignment: .right)],
                      rows: [[TableCell("averylongname"), TableCell("中文字")]])
        t.draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer.lines()[1] == "avery… 中… ")
    }

    @Test func tinyRectsDoNotCrash() {
        for (w, h) in [(0, 0), (1, 1), (1, 0), (0, 1), (3, 1), (2, 2)] {
            var buffer = CellBuffer(width: w, height: h)
            table(rows: 5, selected: 4).draw(into: &buffer, in: buffer.bounds, theme: theme)
            table(rows: 5, selected: 4).draw(into: &buffer, in: Rect(x: -3, y: -3, width: 10, height: 10), theme: theme)
        }
    }
}

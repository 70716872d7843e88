import Testing
import FleetTUI

@Suite struct CellBufferTests {
    let red = Style(fg: .indexed(1))

    @Test func putWritesTextAndReturnsColumns() {
        var buffer = CellBuffer(width: 10, height: 2)
        #expect(buffer.put("abc", x: 1, y: 0, style: red) == 3)
        #expect(buffer.lines() == [" abc      ", "          "])
        #expect(buffer[x: 1, y: 0] == Cell(scalar: "a", style: red))
        #expect(buffer[x: 0, y: 0] == Cell.blank)
    }

    @Test func putClipsAtRightEdgeAndNeverWraps() {
        var buffer = CellBuffer(width: 5, height: 2)
        #expect(buffer.put("abcdefgh", x: 2, y: 0, style: red) == 3)
        #expect(buffer.lines() == ["  abc", "     "])
    }

    @Test func putClipsAtMaxWidth() {
        var buffer = CellBuffer(width: 10, height: 1)
        #expect(buffer.put("abcdef", x: 1, y: 0, style: red, maxWidth: 3) == 3)
        #expect(buffer.lines() == [" abc      "])
        #expect(buffer.put("zz", x: 0, y: 0, style: red, maxWidth: 0) == 0)
        #expect(buffer.put("zz", x: 0, y: 0, style: red, maxWidth: -4) == 0)
        #expect(buffer.put("zz", x: 8, y: 0, style: red, maxWidth: Int.max) == 2)
    }

    @Test func putClipsOnTheLeft() {
        var buffer = CellBuffer(width: 4, height: 1)
        #expect(buffer.put("abcdef", x: -2, y: 0, style: red) == 4)
        #expect(buffer.lines() == ["cdef"])
        #expect(buffer.put("zz", x: Int.min, y: 0, style: red) == 0)
        #expect(buffer.put("zz", x: Int.max, y: 0, style: red) == 0)
    }

    @Test func wideCharactersTakeTwoCellsWithContinuation() {
        var buffer = CellBuffer(width: 6, height: 1)
        #expect(buffer.put("中a", x: 0, y: 0, style: red) == 3)
        #expect(buffer[x: 0, y: 0].scalar == "中")
        #expect(buffer[x: 1, y: 0].isContinuation)
        #expect(buffer[x: 2, y: 0].scalar == "a")
        #expect(buffer.lines() == ["中a   "])
    }

    @Test func wideCharacterAtLastColumnBecomesSpace() {
        var buffer = CellBuffer(width: 4, height: 1)
        #expect(buffer.put("ab中", x: 1, y: 0, style: red) == 3)
        #expect(buffer.lines() == [" ab "])
        #expect(buffer[x: 3, y: 0] == Cell(scalar: " ", style: red))
        #expect(!buffer.cells.contains { $0.isContinuation })
        // The same at a maxWidth boundary inside the buffer.
        var other = CellBuffer(width: 6, height: 1)
        #expect(other.put("a中", x: 0, y: 0, style: red, maxWidth: 2) == 2)
        #expect(other.lines() == ["a     "])
    }

    @Test func wideCharacterStraddlingLeftEdgeLeavesBlank() {
        var buffer = CellBuffer(width: 3, height: 1)
        #expect(buffer.put("中b", x: -1, y: 0, style: red) == 2)
        #expect(buffer.lines() == [" b "])
        #expect(!buffer[x: 0, y: 0].isContinuation)
    }

    @Test func controlAndCombiningScalarsAreDropped() {
        var buffer = CellBuffer(width: 8, height: 1)
        // put only drops the control scalars themselves; sanitizeForTerminal removes whole escape sequences.
        #expect(buffer.put("a\u{1B}[1mb\tc\u{7}\u{301}", x: 0, y: 0, style: red) == 6)
        #expect(buffer.lines() == ["a[1mbc  "])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = CellBuffer(width: 4, height: 1)
        buffer.put("中文", x: 0, y: 0, style: red)
        buffer.put("x", x: 1, y: 0, style: .plain)
        #expect(buffer.lines() == [" x文"])
        buffer.put("y", x: 2, y: 0, style: .plain)
        #expect(buffer.lines() == [" xy "])
        #expect(!buffer.cells.contains { $0.isContinuation })
    }

    @Test func putScalarFollowsTheSameRules() {
        var buffer = CellBuffer(width: 3, height: 1)
        #expect(buffer.put("中" as Unicode.Scalar, x: 0, y: 0, style: red) == 2)
        #expect(buffer[x: 1, y: 0].isContinuation)
        #expect(buffer.put("中" as Unicode.Scalar, x: 2, y: 0, style: red) == 1)
        #expect(buffer.lines() == ["中 "])
        #expect(buffer.put("\u{7}" as Unicode.Scalar, x: 0, y: 0, style: red) == 0)
        #expect(buffer.put("x" as Unicode.Scalar, x: 3, y: 0, style: red) == 0)
        #expect(buffer.put("x" as Unicode.Scalar, x: -1, y: 0, style: red) == 0)
        #expect(buffer.put("文" as Unicode.Scalar, x: -1, y: 0, style: red) == 1)
        #expect(buffer.lines() == ["   "])
    }

    @Test func fillAndSetStyleClipToBuffer() {
        var buffer = CellBuffer(width: 4, height: 3)
        buffer.fill(Rect(x: 2, y: 1, width: 10, height: 10), scalar: "#", style: red)
        #expect(buffer.lines() == ["    ", "  ##", "  ##"])
        buffer.setStyle(Rect(x: -5, y: -5, width: 8, height: 7), style: Style(attributes: .bold))
        #expect(buffer[x: 0, y: 0].style.attributes == .bold)
        #expect(buffer[x: 2, y: 1] == Cell(scalar: "#", style: Style(attributes: .bold)))
        #expect(buffer[x: 3, y: 2].style == red)
    }

    @Test func fillWithWideScalarPairsCells() {
        var buffer = CellBuffer(width: 5, height: 1)
        buffer.fill(buffer.bounds, scalar: "中", style: red)
        #expect(buffer.lines() == ["中中 "])
        #expect(buffer.cells.filter(\.isContinuation).count == 2)
    }

    @Test func fillSplittingAWideCharacterBlanksItsOtherHalf() {
        var buffer = CellBuffer(width: 4, height: 1)
        buffer.put("中文", x: 0, y: 0, style: red)
        buffer.fill(Rect(x: 1, y: 0, width: 2, height: 1), scalar: "-", style: .plain)
        #expect(buffer.lines() == [" -- "])
        #expect(!buffer.cells.contains { $0.isContinuation })
    }

    @Test func outOfRangeReadsAreBlank() {
        let buffer = CellBuffer(width: 2, height: 2, style: red)
        #expect(buffer[x: -1, y: 0] == .blank)
        #expect(buffer[x: 2, y: 0] == .blank)
        #expect(buffer[x: 0, y: 5] == .blank)
        #expect(buffer[x: 1, y: 1] == Cell(style: red))
    }

    @Test func everythingIsSafeAtZeroByZero() {
        var buffer = CellBuffer(width: 0, height: 0)
        #expect(buffer.put("abc", x: 0, y: 0, style: red) == 0)
        buffer.fill(Rect(x: 0, y: 0, width: 5, height: 5), style: red)
        buffer.setStyle(Rect(x: 0, y: 0, width: 5, height: 5), style: red)
        #expect(buffer.lines().isEmpty)
        #expect(buffer.cells.isEmpty)
        #expect(buffer[x: 0, y: 0] == .blank)
        #expect(CellBuffer(width: -3, height: 7).cells.isEmpty)
        #expect(CellBuffer(width: 5, height: 0).lines().isEmpty)
    }

    @Test func everythingIsSafeAtOneByOne() {
        var buffer = CellBuffer(width: 1, height: 1)
        #expect(buffer.put("中", x: 0, y: 0, style: red) == 1)
        #expect(buffer.lines() == [" "])
        #expect(buffer.put("ab", x: 0, y: 0, style: red) == 1)
        #expect(buffer.lines() == ["a"])
        #expect(buffer.put("ab", x: 0, y: 1, style: red) == 0)
        #expect(buffer.put("ab", x: 0, y: -1, style: red) == 0)
        buffer.fill(buffer.bounds, scalar: "中", style: red)
        #expect(buffer.lines() == [" "])
        buffer.fill(buffer.bounds, scalar: "\u{7}", style: red)
        #expect(buffer.lines() == [" "])
    }
}

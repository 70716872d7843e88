import Testing
import FleetTUI

@Suite struct GeometryTests {
    let rect = Rect(x: 2, y: 3, width: 10, height: 4)

    @Test func negativeSizesClampToZero() {
        let r = Rect(x: 1, y: 1, width: -5, height: -1)
        #expect(r.width == 0 && r.height == 0 && r.isEmpty)
        #expect(!rect.isEmpty)
    }

    @Test func insetShrinksAndNeverGoesNegative() {
        #expect(rect.inset(by: 1) == Rect(x: 3, y: 4, width: 8, height: 2))
        #expect(rect.inset(by: 3).isEmpty)
        #expect(rect.inset(by: 100).width == 0)
    }

    @Test func splitsAreClamped() {
        #expect(rect.splitTop(1).top == Rect(x: 2, y: 3, width: 10, height: 1))
        #expect(rect.splitTop(1).rest == Rect(x: 2, y: 4, width: 10, height: 3))
        #expect(rect.splitTop(9).rest.isEmpty)
        #expect(rect.splitBottom(1).bottom == Rect(x: 2, y: 6, width: 10, height: 1))
        #expect(rect.splitLeft(4).rest == Rect(x: 6, y: 3, width: 6, height: 4))
        #expect(rect.splitRight(4).right == Rect(x: 8, y: 3, width: 4, height: 4))
        #expect(rect.splitRight(-2).right.isEmpty)
    }

    @Test func columnsAndRowsClipToTheRect() {
        let parts = rect.columns([4, 4, 4], gap: 1)
        #expect(parts == [
            Rect(x: 2, y: 3, width: 4, height: 4), Rect(x: 7, y: 3, width: 4, height: 4),
            Rect(x: 12, y: 3, width: 0, height: 4),
        ])
        let rows = rect.rows([1, 2, 5])
        #expect(rows.map(\.height) == [1, 2, 1])
    }

    @Test func intersectionAndContains() {
        #expect(rect.intersection(Rect(x: 0, y: 0, width: 5, height: 5)) == Rect(x: 2, y: 3, width: 3, height: 2))
        #expect(rect.intersection(Rect(x: 50, y: 50, width: 5, height: 5)).isEmpty)
        #expect(rect.contains(x: 2, y: 3))
        #expect(!rect.contains(x: 12, y: 3))
    }

    @Test func centeredShrinksToFit() {
        #expect(Rect(x: 0, y: 0, width: 80, height: 24).centered(width: 20, height: 6) == Rect(x: 30, y: 9, width: 20, height: 6))
        #expect(Rect(x: 0, y: 0, width: 5, height: 2).centered(width: 20, height: 6) == Rect(x: 0, y: 0, width: 5, height: 2))
    }
}

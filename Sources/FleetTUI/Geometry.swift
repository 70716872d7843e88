/// A rectangle of terminal cells; width and height are never negative.
public struct Rect: Hashable, Sendable {
    /// Left column.
    public var x: Int
    /// Top row.
    public var y: Int
    /// Number of columns (≥ 0).
    public var width: Int
    /// Number of rows (≥ 0).
    public var height: Int

    /// Creates a rectangle; negative sizes are clamped to zero so layout arithmetic can never produce negative ranges.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The empty rectangle at the origin.
    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    /// True when the rectangle covers no cells.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// One past the rightmost column.
    public var maxX: Int { x + width }

    /// One past the bottom row.
    public var maxY: Int { y + height }

    /// True when the cell (x, y) lies inside the rectangle.
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    /// The overlap of two rectangles (empty, positioned at the clamped origin, when they do not overlap).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The rectangle shrunk by `amount` on every side.
    public func inset(by amount: Int) -> Rect {
        inset(top: amount, left: amount, bottom: amount, right: amount)
    }

    /// The rectangle shrunk by the given amounts; shrinking past zero yields an empty rectangle.
    public func inset(top: Int, left: Int, bottom: Int, right: Int) -> Rect {
        let newWidth = max(0, width - left - right)
        let newHeight = max(0, height - top - bottom)
        return Rect(x: x + min(left, width), y: y + min(top, height), width: newWidth, height: newHeight)
    }

    /// Splits off the top `rows` rows (clamped to the height).
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let n = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: n), Rect(x: x, y: y + n, width: width, height: height - n))
    }

    /// Splits off the bottom `rows` rows (clamped to the height).
    public func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let n = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - n), Rect(x: x, y: maxY - n, width: width, height: n))
    }

    /// Splits off the left `columns` columns (clamped to the width).
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let n = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: n, height: height), Rect(x: x + n, y: y, width: width - n, height: height))
    }

    /// Splits off the right `columns` columns (clamped to the width).
    public func splitRight(_ columns: Int) -> (rest: Rect, right: Rect) {
        let n = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: width - n, height: height), Rect(x: maxX - n, y: y, width: n, height: height))
    }

    /// Consecutive columns of the given widths separated by `gap`; parts past the right edge come back clipped or empty.
    public func columns(_ widths: [Int], gap: Int = 0) -> [Rect] {
        var cursor = x
        return widths.map { w in
            let part = Rect(x: cursor, y: y, width: w, height: height).intersection(self)
            cursor += max(0, w) + max(0, gap)
            return part
        }
    }

    /// Consecutive rows of the given heights separated by `gap`; parts past the bottom come back clipped or empty.
    public func rows(_ heights: [Int], gap: Int = 0) -> [Rect] {
        var cursor = y
        return heights.map { h in
            let part = Rect(x: x, y: cursor, width: width, height: h).intersection(self)
            cursor += max(0, h) + max(0, gap)
            return part
        }
    }

    /// A rectangle of the given size centred in this one, shrunk to fit when it is larger.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), width), ch = min(max(0, h), height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }
}

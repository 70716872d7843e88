/// Horizontal placement of text inside a wider field.
public enum Alignment: Sendable, Hashable {
    /// Text starts at the left edge.
    case left
    /// Text ends at the right edge.
    case right
    /// Text is centred; an odd leftover column goes to the right.
    case center
}

/// Terminal columns a scalar occupies: 0 for controls and combining/zero-width scalars, 2 for wide ones, else 1.
public func displayWidth(of scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    // Fast path: printable ASCII and Latin-1 are by far the most common input.
    if value < 0x300 {
        return value < 0x20 || (value >= 0x7F && value < 0xA0) ? 0 : 1
    }
    if WidthTables.contains(WidthTables.zeroWidth, value) { return 0 }
    if value >= 0x1100 && WidthTables.contains(WidthTables.doubleWidth, value) { return 2 }
    return 1
}

/// Terminal columns a string occupies (sum of its scalars' widths).
public func displayWidth(_ s: String) -> Int {
    var total = 0
    for scalar in s.unicodeScalars {
        total += displayWidth(of: scalar)
    }
    return total
}

/// The string cut to at most `width` columns, ending in "…" when something was cut off.
public func truncate(_ s: String, toWidth width: Int) -> String {
    guard width > 0 else { return "" }
    if displayWidth(s) <= width { return s }
    // Reserve one column for the ellipsis; a wide character that does not fit is left out entirely.
    let budget = width - 1
    var used = 0
    var kept = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
        let w = displayWidth(of: scalar)
        if used + w > budget { break }
        used += w
        kept.append(scalar)
    }
    kept.append("…")
    return String(kept)
}

/// The string fitted to exactly `width` columns: truncated with "…" when too wide, padded with spaces otherwise.
public func pad(_ s: String, toWidth width: Int, alignment: Alignment) -> String {
    guard width > 0 else { return "" }
    let fitted = truncate(s, toWidth: width)
    let gap = width - displayWidth(fitted)
    guard gap > 0 else { return fitted }
    switch alignment {
    case .left:
        return fitted + String(repeating: " ", count: gap)
    case .right:
        return String(repeating: " ", count: gap) + fitted
    case .center:
        let left = gap / 2
        return String(repeating: " ", count: left) + fitted + String(repeating: " ", count: gap - left)
    }
}

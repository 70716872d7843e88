extension Int {
    /// `value` rounded toward zero and clamped to `Int`'s range, NaN as 0: for any Double that input can reach,
    /// where `Int(_:)` would trap.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.223372036854775807e18 {
            self = .max
        } else if value <= -9.223372036854775808e18 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}

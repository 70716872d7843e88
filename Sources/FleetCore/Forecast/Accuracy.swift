/// Error measures shared by the engine and the backtest.
public enum Accuracy {
    /// Mean absolute one-step error of the seasonal-naive forecast of `period` (of the naive one when the series is
    /// too short or that is zero), the MASE denominator; 1 when the series never changes.
    public static func naiveScale(_ y: [Double], period: Int) -> Double {
        for m in [period, 1] where y.count > m {
            var sum = 0.0
            for t in m..<y.count { sum += abs(y[t] - y[t - m]) }
            let scale = sum / Double(y.count - m)
            if scale > 0 { return scale }
        }
        return 1
    }

    /// Mean of absolute values (NaN when empty).
    public static func meanAbsolute(_ xs: [Double]) -> Double {
        xs.isEmpty ? .nan : xs.reduce(0) { $0 + abs($1) } / Double(xs.count)
    }

    /// Linear-interpolated quantile `q` of ascending `sorted`.
    public static func quantile<C: RandomAccessCollection>(_ sorted: C, _ q: Double) -> Double where C.Element == Double, C.Index == Int {
        guard let first = sorted.first else { return .nan }
        guard sorted.count > 1 else { return first }
        let position = q * Double(sorted.count - 1)
        let i = Int(position), w = position - Double(i)
        let a = sorted[sorted.startIndex + i]
        let b = sorted[sorted.startIndex + min(sorted.count - 1, i + 1)]
        return a + w * (b - a)
    }

    /// Linear-interpolated quantiles `qs` of unsorted `values`, by selection (O(n) each) rather than a full sort:
    /// calibration takes two quantiles of each of a dozen error lists per refit.
    public static func quantiles(_ values: [Double], _ qs: [Double]) -> [Double] {
        guard values.count > 1 else { return qs.map { _ in values.first ?? .nan } }
        var xs = values
        return xs.withUnsafeMutableBufferPointer { b in
            qs.map { q in
                let position = q * Double(b.count - 1)
                let i = Int(position), w = position - Double(i)
                let a = select(b, i)
                guard w > 0, i + 1 < b.count else { return a }
                // After selecting i, everything to its right is at least b[i]: the next order statistic is their minimum.
                var next = Double.infinity
                for j in (i + 1)..<b.count { next = min(next, b[j]) }
                return a + w * (next - a)
            }
        }
    }

    /// Hoare selection: reorders `b` so that `b[k]` is its k-th smallest, smaller ones left and larger ones right.
    private static func select(_ b: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        var lo = 0, hi = b.count - 1
        while lo < hi {
            let pivot = median3(b[lo], b[(lo + hi) / 2], b[hi])
            var i = lo, j = hi
            while i <= j {
                while b[i] < pivot { i += 1 }
                while b[j] > pivot { j -= 1 }
                if i <= j {
                    b.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return b[k]
    }

    private static func median3(_ a: Double, _ b: Double, _ c: Double) -> Double { max(min(a, b), min(max(a, b), c)) }

    /// Symmetric absolute percentage error, percent (0 when both are 0).
    public static func smape(_ forecast: Double, _ actual: Double) -> Double {
        let d = abs(forecast) + abs(actual)
        return d == 0 ? 0 : 200 * abs(forecast - actual) / d
    }
}

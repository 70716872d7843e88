/// Counts of durations in geometric buckets (each 25 % wider than the one before, from 1 s to about 30 days), so
/// percentiles of any period fold from its hours by adding counts.
public struct LogHistogram: Codable, Sendable, Hashable {
    /// Upper bounds (seconds) of the buckets: 1, 1.25, 1.5625 … ; the last bucket also takes anything longer.
    public static let bounds: [Double] = {
        var b: [Double] = [1]
        while b.count < 68 { b.append(b[b.count - 1] * 1.25) }
        return b
    }()
    public private(set) var counts: [UInt32] = Array(repeating: 0, count: LogHistogram.bounds.count)

    /// An empty histogram.
    public init() {}

    /// Number of durations counted.
    public var total: Int { counts.reduce(0) { $0 + Int($1) } }

    /// Counts one duration (negative and NaN count as 0).
    public mutating func record(_ seconds: Double) {
        let v = seconds.isNaN ? 0 : max(0, seconds)
        var lo = 0, hi = Self.bounds.count - 1
        while lo < hi {  // first bound ≥ v
            let mid = (lo + hi) / 2
            if Self.bounds[mid] >= v { hi = mid } else { lo = mid + 1 }
        }
        counts[lo] &+= 1
    }

    /// Both histograms' counts added.
    public func merged(_ other: LogHistogram) -> LogHistogram {
        var out = self
        for i in out.counts.indices where i < other.counts.count { out.counts[i] &+= other.counts[i] }
        return out
    }

    /// Nearest-rank percentile (p in 0...1) as its bucket's upper bound (at most 25 % above the true value); nil
    /// when empty.
    public func percentile(_ p: Double) -> Double? {
        let n = total
        guard n > 0 else { return nil }
        let rank = min(max(Int((p * Double(n)).rounded(.up)), 1), n)
        var seen = 0
        for (i, c) in counts.enumerated() {
            seen += Int(c)
            if seen >= rank { return Self.bounds[i] }
        }
        return Self.bounds.last
    }
}

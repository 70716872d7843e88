/// How long a failing feed waits before it is tried again.
public enum Backoff {
    /// The pause before the next try: the interval, or interval × 2^failures (at most 5 min) ±20 % after failures.
    public static func wait(interval: Double, failures: Int) -> Double {
        guard failures > 0 else { return interval }
        return min(interval * pow2(min(failures, 10)), 300) * Double.random(in: 0.8...1.2)
    }

    private static func pow2(_ n: Int) -> Double { Double(1 << n) }
}

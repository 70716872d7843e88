/// Deterministic, approximately normal noise for forecast tests (sum of 12 uniforms − 6): unit variance.
struct GaussianNoise {
    var state: UInt64

    mutating func next() -> Double {
        var sum = 0.0
        for _ in 0..<12 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            sum += Double(state >> 11) / Double(1 << 53)
        }
        return sum - 6
    }

    /// `f(t) + sigma(t) × noise` for t in 0..<n.
    static func series(_ n: Int, seed: UInt64 = 1, sigma: (Int) -> Double = { _ in 1 }, _ f: (Int) -> Double) -> [Double] {
        var rng = GaussianNoise(state: seed)
        return (0..<n).map { f($0) + sigma($0) * rng.next() }
    }
}

/// One band's forecaster: the equal-weight mean of one to three fitted candidates' forecasts.
///
/// Averaging the best few candidates usually errs less than the best one alone (their misses partly cancel: a
/// weekly model's noisy season against a daily model's missing one), and it costs nothing to score: every candidate's
/// errors were tracked from the same origins, so the blend's error at an origin is the mean of its members' errors.
struct Blend {
    /// Indices of the members in the scored candidates, best first.
    let members: [Int]
    /// Per tracked horizon: `actual - forecast` at each origin.
    let errors: [[Double]]

    /// Most members a blend may have.
    static let largest = 3

    /// The best forecaster for the tracked horizons at `scoring` (indices into `tracked`): each candidate alone or
    /// the mean of the best two or three, whichever has the least mean absolute error averaged over those horizons.
    /// Ties keep the earlier: single candidates before blends, and among them the order given (naive ones first).
    static func best(of candidates: [[[Double]]], scoring: [Int]) -> Blend? {
        let scores = candidates.map { errors in mean(scoring.map { Accuracy.meanAbsolute(errors[$0]) }) }
        let ranked = scores.indices.filter { scores[$0].isFinite }.sorted { (scores[$0], $0) < (scores[$1], $1) }
        guard let first = ranked.first else { return nil }
        var best = Blend(members: [first], errors: candidates[first]), bestScore = scores[first]
        for size in 2...largest where ranked.count >= size {
            let members = Array(ranked.prefix(size))
            let score = mean(scoring.map { i in meanAbsoluteOfMean(members.map { candidates[$0][i] }) })
            if score < bestScore {
                best = Blend(members: members, errors: [])
                bestScore = score
            }
        }
        guard best.members.count > 1 else { return best }
        let members = best.members
        return Blend(members: members, errors: candidates[first].indices.map { i in meanOf(members.map { candidates[$0][i] }) })
    }

    private static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }

    /// Element-wise mean of equally long lists.
    private static func meanOf(_ lists: [[Double]]) -> [Double] {
        guard let first = lists.first else { return [] }
        var out = first
        for list in lists.dropFirst() { for j in out.indices { out[j] += list[j] } }
        let k = Double(lists.count)
        for j in out.indices { out[j] /= k }
        return out
    }

    /// Mean absolute value of the element-wise mean, without building it.
    private static func meanAbsoluteOfMean(_ lists: [[Double]]) -> Double {
        guard let first = lists.first, !first.isEmpty else { return .nan }
        var sum = 0.0
        for j in first.indices {
            var v = 0.0
            for list in lists { v += list[j] }
            sum += abs(v)
        }
        return sum / Double(lists.count * first.count)
    }
}

/// How unsettled a series is lately: the mean size of its recent day-ahead misses over their mean size so far, from 1
/// to 4. Intervals beyond the first step widen by it, so a level shift that has begun widens the week ahead at once,
/// instead of when the week-ahead errors of forecasts made after it come due, a week later.
///
/// Day-ahead errors measure it because a shift shows in them within a day, through the daily season, while one-step
/// errors also jump at every ordinary step of a step-like series. It only widens: narrowing calm stretches by the
/// same ratio below 1 cost 5–16 points of coverage in the backtest (README, Forecast backtest).
struct Turbulence {
    /// The horizon whose errors measure it: a day.
    static let horizon = 24
    /// How many of the newest errors are "recent": a day of hourly origins.
    static let recent = 24
    /// Fewest errors before it is measured: four days of origins.
    static let minimumErrors = 4 * recent
    /// The least and most it widens by.
    static let range = 1.0...4.0

    /// Running sums of the day-ahead errors' sizes: `sums[i]` is the sum of the first `i` (oldest origin first).
    private let sums: [Double]

    /// From the tracked horizons' errors (`horizons[i]` steps ahead in `errors[i]`); always 1 when a day ahead is not
    /// tracked.
    init(horizons: [Int], errors: [[Double]]) {
        var sums = [0.0]
        if let i = horizons.firstIndex(of: Self.horizon), i < errors.count {
            sums.reserveCapacity(errors[i].count + 1)
            for e in errors[i] { sums.append((sums.last ?? 0) + abs(e)) }
        }
        self.sums = sums
    }

    /// The widening known once the first `known` day-ahead errors were seen (all of them when nil).
    func factor(known: Int? = nil) -> Double {
        let end = min(known ?? sums.count - 1, sums.count - 1)
        guard end >= Self.minimumErrors, sums[end] > 0 else { return 1 }
        let recentMean = (sums[end] - sums[end - Self.recent]) / Double(Self.recent)
        let overallMean = sums[end] / Double(end)
        return min(Self.range.upperBound, max(Self.range.lowerBound, recentMean / overallMean))
    }
}

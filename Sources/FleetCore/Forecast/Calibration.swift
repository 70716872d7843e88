/// 95 % intervals by horizon from the forecaster's own past errors (split-conformal, weighted towards recent ones):
/// as wide as its misses at that horizon were lately, not as a Gaussian assumes, and checked on errors it had not seen.
///
/// Each tracked horizon's bounds are the weighted 2.5 % and 97.5 % quantiles of its errors `actual - forecast`, an
/// error weighing half as much a week of origins older, with the next error's weight set beyond each tail:
/// the finite-sample correction of conformal prediction (Barber et al. 2023, "Conformal prediction beyond
/// exchangeability"). The weights make the bounds follow a change of regime within days, widening when the misses
/// grow and narrowing when they shrink, which the unweighted quantiles of eight weeks cannot. The bounds are then
/// rescaled by the factor that would have made the bounds computed each week of the history hold 95 % of the next
/// week's errors: that corrects what the weighting alone gets wrong on this series (misses that come in runs, as
/// long-horizon ones do; a history whose older misses were larger), in both directions. Beyond the first step they also
/// widen by the series' `Turbulence` (its recent day-ahead misses against its usual ones), so a level shift under way
/// widens the days and week ahead before the long-horizon errors that would show it come due. Where too few errors exist
/// for the finite-sample correction the bounds are the extreme errors seen, widened, and the forecast says so.
struct Calibration {
    /// One measured horizon: the bounds of `actual - forecast` added to the forecast.
    struct Bound {
        let h: Int
        let low: Double
        let high: Double
    }

    /// Bounds of the measured horizons, ascending.
    let table: [Bound]
    /// Share of past errors inside bounds calibrated only on errors seen before them, at the checked horizons, over
    /// the last third of the history (NaN when too few errors to check).
    let coverage: Double
    /// Whether a horizon had too few errors for a conformal bound and got the widened extremes instead.
    let isWidened: Bool

    /// Probability outside the interval on each side.
    static let tail = 0.025
    /// An error's weight relative to the next newer one's: it halves over a week of hourly origins (0.9959¹⁶⁸ ≈ 0.50),
    /// ~240 errors' worth of weight in all (the 2.5 % tail rests on about six), so a new regime outweighs the old
    /// one's tail within a day or two.
    static let retention = 0.9959
    /// Origins between the checkpoints at which past bounds are recomputed to be checked: a week of hourly refits.
    static let checkEvery = 168
    /// How much the extreme errors seen are widened when there are too few for a conformal bound.
    static let fallbackWidening = 1.5
    /// Range of the factor that rescales the bounds by how they fared on later errors: beyond it the weighted bounds
    /// do not track this series' misses at all, and the holdout coverage shows that rather than a wild factor hiding it.
    static let factorRange = (1.0 / 3)...3.0
    /// The first step whose bounds widen with the series' turbulence (the next hour's misses are their own measure).
    static let turbulentFrom = 2

    /// The bounds of one horizon at one checkpoint, from the errors seen by then, and the errors of the week after.
    private struct Check {
        let checkpoint: Int
        let h: Int
        let low: Double
        let high: Double
        let next: ArraySlice<Double>
    }

    /// From each tracked horizon's errors (`horizons[i]` steps ahead in `errors[i]`, oldest origin first); only the
    /// horizons that `steps` interpolates between are measured, and coverage is checked at `checked`.
    init(horizons: [Int], errors: [[Double]], steps: ClosedRange<Int>, checked: [Int]) {
        let below = horizons.last { $0 <= steps.lowerBound } ?? horizons.first ?? 0
        let above = horizons.first { $0 >= steps.upperBound } ?? horizons.last ?? 0
        var raw: [(bound: Bound, conformal: Bool)] = [], checks: [Check] = []
        // powers[k] = retention^k: the weight of the error k origins older than the newest one.
        let longest = errors.map(\.count).max() ?? 0
        var powers = [1.0]
        for _ in 0..<longest { powers.append((powers.last ?? 1) * Self.retention) }
        for (h, errors) in zip(horizons, errors) where !errors.isEmpty && (below <= h && h <= above || checked.contains(h)) {
            let ranked = Self.ranked(errors)
            if below <= h && h <= above {
                if let low = Self.bound(ranked, powers, end: errors.count, upper: false),
                   let high = Self.bound(ranked, powers, end: errors.count, upper: true) {
                    raw.append((Bound(h: h, low: low, high: high), true))
                } else {
                    let w = Self.fallbackWidening
                    raw.append((Bound(h: h, low: w * min(0, ranked[0].error), high: w * max(0, ranked[errors.count - 1].error)), false))
                }
            }
            guard checked.contains(h) else { continue }
            // Each week's errors against the bounds computed from the errors seen by its start (made at origin i,
            // the error at index i is seen h steps later).
            for checkpoint in stride(from: Self.checkEvery, to: errors.count, by: Self.checkEvery) where checkpoint - h + 1 > 0 {
                let known = checkpoint - h + 1
                guard let low = Self.bound(ranked, powers, end: known, upper: false),
                      let high = Self.bound(ranked, powers, end: known, upper: true) else { continue }
                checks.append(Check(checkpoint: checkpoint, h: h, low: low, high: high,
                                    next: errors[checkpoint..<min(errors.count, checkpoint + Self.checkEvery)]))
            }
        }
        // The factor that would have made past bounds hold 95 % of the week after each, applied to today's; coverage
        // counts the last third's weeks against bounds rescaled only by the factor and widened only by the turbulence
        // known before each of them.
        let turbulence = Turbulence(horizons: horizons, errors: errors)
        func widening(_ h: Int, known: Int?) -> Double { h >= Self.turbulentFrom ? turbulence.factor(known: known) : 1 }
        var ratios: [Double] = [], inside = 0, tested = 0
        let holdout = longest - longest / 3
        for checkpoint in Set(checks.map(\.checkpoint)).sorted() {
            let now = checks.filter { $0.checkpoint == checkpoint }
            if checkpoint >= holdout {
                let f = Self.factor(ratios)
                for c in now {
                    // At the checkpoint the day-ahead errors of origins up to `checkpoint - horizon` were known.
                    let w = f * widening(c.h, known: checkpoint - Turbulence.horizon + 1)
                    inside += c.next.count { w * c.low <= $0 && $0 <= w * c.high }
                    tested += c.next.count
                }
            }
            for c in now { ratios += c.next.map { Self.ratio($0, c.low, c.high) } }
        }
        let f = Self.factor(ratios)
        table = raw.map {
            guard $0.conformal else { return $0.bound }
            let w = f * widening($0.bound.h, known: nil)
            return Bound(h: $0.bound.h, low: w * $0.bound.low, high: w * $0.bound.high)
        }
        coverage = tested > 0 ? Double(inside) / Double(tested) : .nan
        isWidened = raw.contains { !$0.conformal }
    }

    /// How many times its bound (on its side) an error was: 1 on the bound, capped past the factor's range.
    private static func ratio(_ e: Double, _ low: Double, _ high: Double) -> Double {
        let cap = factorRange.upperBound + 1
        if e > 0 { return high > 0 ? min(cap, e / high) : cap }
        if e < 0 { return low < 0 ? min(cap, e / low) : cap }
        return 0
    }

    /// The conformal 95 % quantile of `ratios` (finite-sample corrected), within `factorRange`; 1 with under 19.
    private static func factor(_ ratios: [Double]) -> Double {
        let n = Double(ratios.count), level = (n + 1) * (1 - 2 * tail) / n
        guard level <= 1, let q = Accuracy.quantiles(ratios, [level]).first else { return 1 }
        return min(factorRange.upperBound, max(factorRange.lowerBound, q))
    }

    /// Each error with its index (age order), ascending by error.
    ///
    /// Sorted as packed integers (the error's bits made to order as integers, its index in the lowest bits) by radix
    /// rather than as (error, index) pairs with a comparison closure: a refit sorts a dozen lists of ~1,000 errors,
    /// which that way was a fifth of it. Errors that differ only in those lowest bits (under 10⁻¹² of their size)
    /// may swap.
    static func ranked(_ errors: [Double]) -> [(error: Double, index: Int)] {
        let indexBits = UInt64(max(1, Int.bitWidth - max(0, errors.count - 1).leadingZeroBitCount))
        let indexMask: UInt64 = (1 << indexBits) - 1
        var keys = errors.enumerated().map { i, e in
            let bits = e.bitPattern
            // Negative numbers order reversed with the sign set: flip them all; positive ones go above them.
            let ordered = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
            return ordered & ~indexMask | UInt64(i)
        }
        radixSort(&keys)
        return keys.map { key in
            let i = Int(key & indexMask)
            return (error: errors[i], index: i)
        }
    }

    /// Sorts ascending a byte at a time, least significant first (each pass stable); a byte every key shares is
    /// skipped, as the top ones of errors of one size mostly are.
    static func radixSort(_ keys: inout [UInt64]) {
        guard keys.count > 1 else { return }
        var buffer = [UInt64](repeating: 0, count: keys.count)
        var starts = [Int](repeating: 0, count: 256)
        for shift in stride(from: UInt64(0), to: 64, by: 8) {
            for d in 0..<256 { starts[d] = 0 }
            for k in keys { starts[Int(truncatingIfNeeded: k >> shift) & 0xFF] += 1 }
            guard starts[Int(truncatingIfNeeded: keys[0] >> shift) & 0xFF] < keys.count else { continue }
            var total = 0
            for d in 0..<256 {
                let n = starts[d]
                starts[d] = total
                total += n
            }
            for k in keys {
                let d = Int(truncatingIfNeeded: k >> shift) & 0xFF
                buffer[starts[d]] = k
                starts[d] += 1
            }
            swap(&keys, &buffer)
        }
    }

    /// The weighted conformal bound of the errors of index below `end` (`ranked`: all of them, ascending; `powers`:
    /// the weights by age, at least `end + 1`), the newest weighing 1: the 97.5 % quantile (`upper`) or the 2.5 %
    /// one, with the next error's weight beyond that tail; nil when that weight alone is more than the tail's share.
    static func bound(_ ranked: [(error: Double, index: Int)], _ powers: [Double], end: Int, upper: Bool) -> Double? {
        // Total weight: the geometric series of the `end` errors, plus 1 for the next one.
        let total = (1 - powers[end]) / (1 - retention) + 1
        // Walking in from this tail, an error is the bound while the weight beyond it stays within the tail's share
        // less the next error's: the quantile is the innermost such error.
        let allowed = tail * total - 1
        guard allowed >= 0 else { return nil }
        var beyond = 0.0, found: Double?
        for k in ranked.indices {
            let (error, i) = ranked[upper ? ranked.count - 1 - k : k]
            guard i < end else { continue }
            guard beyond <= allowed else { break }
            found = error
            beyond += powers[end - 1 - i]
        }
        return found
    }

    /// Bounds `h` steps ahead: interpolated between measured horizons, √h-scaled beyond the last.
    func quantiles(at h: Int) -> (low: Double, high: Double) {
        // Never empty for a chosen band: a band is only chosen with a tracked horizon inside it.
        guard let first = table.first, let last = table.last else { return (0, 0) }
        if h <= first.h { return (first.low, first.high) }
        if h >= last.h {
            let f = (Double(h) / Double(last.h)).squareRoot()
            return (last.low * f, last.high * f)
        }
        let i = table.firstIndex { $0.h >= h } ?? table.count - 1
        let a = table[i - 1], b = table[i]
        let w = Double(h - a.h) / Double(b.h - a.h)
        return (a.low + w * (b.low - a.low), a.high + w * (b.high - a.high))
    }
}

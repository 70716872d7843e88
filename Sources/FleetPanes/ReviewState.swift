import FleetCore

/// What `:review` shows: the slide, the period and its comparison, and whether the numbers are frozen.
public struct ReviewSelection: Sendable, Equatable {
    public var slide: ReviewSectionKind = .capacity
    /// The period chosen; nil: the last whole month before the fleet clock (what a monthly board reviews).
    public var period: ReviewPeriod?
    public var compare: ReviewCompare = .none
    /// Fleet time the numbers are frozen at ("as of"); nil: live, the newest closed hour counts.
    public var frozenAt: Double?

    /// Nothing chosen yet: slide 1, last month, no comparison, live.
    public init() {}

    /// The period shown when the fleet clock reads `now`.
    public func period(now: Double) -> ReviewPeriod {
        period ?? ReviewPeriod.lastComplete(.month, before: frozenAt ?? now)
    }
}

/// The review the pane needs: what the runtime loads (period, comparison, "as of") and hands back as a `ReviewLoad`.
public struct ReviewRequest: Sendable, Hashable {
    public var period: ReviewPeriod
    public var compare: ReviewPeriod?
    /// Rollups count up to this moment (epoch seconds): the freeze moment, else the start of the fleet's current hour
    /// (so a live review is loaded again once an hour closes, never per frame).
    public var asOf: Int
    public var frozen: Bool

    /// The request of `ui`'s review when the fleet clock reads `fleetNow`.
    public init(_ review: ReviewSelection, fleetNow: Double) {
        period = review.period(now: fleetNow)
        compare = review.compare.period(for: period)
        frozen = review.frozenAt != nil
        let moment = Int(saturating: (review.frozenAt ?? fleetNow).rounded(.down))
        asOf = frozen ? moment : moment / 3600 * 3600
    }
}

/// A review pack as the runtime hands it to frames: loading, derived for a request, or failed to load.
public enum ReviewLoad: Sendable {
    case loading(ReviewRequest)
    case ready(ReviewRequest, ReviewPack)
    case failed(ReviewRequest, String)

    /// What was asked for.
    public var request: ReviewRequest {
        switch self {
        case .loading(let r), .ready(let r, _), .failed(let r, _): r
        }
    }
}

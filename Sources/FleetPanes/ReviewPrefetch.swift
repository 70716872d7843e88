import FleetCore

extension ReviewRequest {
    /// The period keys a board presses, most likely first: what `oneKeyAway` follows.
    static let periodKeys: [UIAction] = [.previousPeriod, .nextPeriod, .cycleCompare, .reviewMonth, .reviewQuarter, .reviewWeek, .reviewYear]

    /// The requests one period key (`[ ] c m q w y`) away from `review` when the fleet clock reads `fleetNow`, most
    /// likely first, each once and without `review`'s own: what the runtime loads ahead. Each is what the key's own
    /// action (`ReviewKeys`) would ask for.
    public static func oneKeyAway(from review: ReviewSelection, fleetNow: Double) -> [ReviewRequest] {
        var ui = UIState(pane: .review)
        ui.review = review
        var seen: Set = [ReviewRequest(review, fleetNow: fleetNow)]
        return periodKeys.compactMap { action in
            var next = ui
            ReviewKeys.apply(action, to: &next, fleetNow: fleetNow)
            let request = ReviewRequest(next.review, fleetNow: fleetNow)
            return seen.insert(request).inserted ? request : nil
        }
    }
}

extension ReviewLoad {
    /// Whether the pack is still loading.
    public var isLoading: Bool {
        if case .loading = self { true } else { false }
    }
}

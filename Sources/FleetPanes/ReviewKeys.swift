import FleetCore
import FleetTUI

/// What `:review`'s keys and its `:review PERIOD` command do to the UI state.
enum ReviewKeys {
    /// Applies one of the review's actions; periods move from the one shown when the fleet clock reads the state's.
    static func apply(_ action: UIAction, to ui: inout UIState, ctx: FrameContext) {
        let fleetNow = ctx.state.now
        switch action {
        case .definitions:
            ui.overlay = .definitions(ui.review.slide, firstLine: 0)
            return
        case .recordDecision:
            // Refuse early what `Governance.recordDecision` would refuse anyway; the runtime checks again on the newest state.
            guard Permissions.isKnown(ctx.identity, rules: ctx.state.policy?.rules ?? PolicyRules(), org: ctx.state.org) else {
                ui.message = Permissions.viewOnly(ctx.identity)
                return
            }
            ui.form = GovernanceForm.reviewDecision(period: ui.review.period(now: fleetNow))
        default:
            apply(action, to: &ui, fleetNow: fleetNow)
        }
    }

    /// Applies one of the review's slide and period actions; periods move from the one shown when the fleet clock
    /// reads `fleetNow` (what the loader's look-ahead, `ReviewRequest.oneKeyAway`, runs too).
    static func apply(_ action: UIAction, to ui: inout UIState, fleetNow: Double) {
        var review = ui.review
        let now = review.frozenAt ?? fleetNow
        let shown = review.period(now: fleetNow)
        switch action {
        case .nextSlide, .previousSlide:
            let all = ReviewSectionKind.allCases
            let i = all.firstIndex(of: review.slide) ?? 0
            review.slide = all[min(all.count - 1, max(0, i + (action == .nextSlide ? 1 : -1)))]
        case .reviewWeek: review.period = ReviewPeriod.lastComplete(.week, before: now)
        case .reviewMonth: review.period = ReviewPeriod.lastComplete(.month, before: now)
        case .reviewQuarter: review.period = ReviewPeriod.lastComplete(.quarter, before: now)
        case .reviewYear: review.period = ReviewPeriod.lastComplete(.year, before: now)
        case .previousPeriod: review.period = shown.previous
        case .nextPeriod:
            // The period holding the clock is the last one with history: later ones would only read "missing".
            guard Double(shown.end) <= now else {
                ui.message = "\(shown.label) is the current period: no later one has history yet"
                return
            }
            review.period = shown.next
        case .cycleCompare: review.compare = review.compare.next
        case .toggleFreeze:
            // Frozen at the fleet's clock: the rollups are stamped with fleet time.
            review.frozenAt = review.frozenAt == nil ? fleetNow : nil
            review.period = shown  // the period on screen stays when the clock it defaults from changes
        default: return
        }
        if review.slide != ui.review.slide || review.period != ui.review.period { ui.resetSelection(.review) }
        ui.review = review
    }

    /// `:review 2026-Q3`: opens the review on that period, or says what is wrong with it.
    static func open(period text: String, ui: inout UIState, fleetNow: Double) {
        do {
            let period = try ReviewPeriod.parse(text, now: ui.review.frozenAt ?? fleetNow)
            ui.review.period = period
            ui.resetSelection(.review)
            UIController.open(.review, ui: &ui)
        } catch {
            ui.message = "review: \(sanitizeForTerminal(error.description))"
        }
    }
}

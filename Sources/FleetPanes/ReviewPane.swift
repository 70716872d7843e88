import FleetCore
import FleetTUI
import Foundation

/// `:review` — the review board's presenter mode: the pack of a period (`ReviewPack`, loaded and derived by the
/// runtime when the period changes) as eight slides of large numbers, block-character charts and tables.
enum ReviewPane {
    /// One table row of a slide: its id (what Enter drills from) and what it shows.
    struct SlideRow {
        var id: String
        var scope: RollupScope
        var figures: [ReviewFigure]
        /// An exception's sentence (the exceptions slide).
        var sentence: String?
    }

    /// The pack for what the UI asks, when the runtime has it.
    static func pack(ui: UIState, ctx: FrameContext) -> ReviewPack? {
        guard case .ready(let request, let pack)? = ctx.review, request == ReviewRequest(ui.review, fleetNow: ctx.state.now) else { return nil }
        // The decision log is the governance state's, so a decision just recorded shows without reloading the history.
        return pack.with(decisions: ctx.state.governance?.reviewDecisions ?? [])
    }

    /// The rows of the slide shown, in display order.
    static func slideRows(_ slide: ReviewSectionKind, pack: ReviewPack) -> [SlideRow] {
        if slide == .exceptions {
            return pack.exceptions.map {
                SlideRow(id: id($0.scope), scope: $0.scope, figures: [ReviewFigure($0.metric, $0.value)], sentence: ReviewText.exception($0))
            }
        }
        guard let section = pack.section(slide) else { return [] }
        var rows = section.rows
        // Hundreds of teams: the biggest burn first, so the screen shows the ones the board asks about.
        if let key = ReviewSlides.rankedBy[slide] {
            let teams = rows.filter { $0.scope.kind == .team }.sorted { a, b in
                switch (a[key]?.value, b[key]?.value) {
                case let (x?, y?): x > y || (x == y && a.scope < b.scope)
                case (.some, nil): true
                case (nil, .some): false
                case (nil, nil): a.scope < b.scope
                }
            }
            rows = rows.filter { $0.scope.kind != .team } + teams
        }
        let metrics = ReviewSlides.tableMetrics[slide] ?? section.metrics
        return rows.map { row in SlideRow(id: id(row.scope), scope: row.scope, figures: metrics.compactMap { row[$0] }) }
    }

    /// "team:nlp", "class:training", "pool:a100".
    static func id(_ scope: RollupScope) -> String { "\(scope.kind.rawValue):\(scope.name)" }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        guard rect.height > 0 else { return }
        let theme = ctx.theme
        let request = ReviewRequest(ui.review, fleetNow: ctx.state.now)
        ReviewSlides.drawTitle(request: request, frozenAt: ui.review.frozenAt, slide: ui.review.slide, pack: pack(ui: ui, ctx: ctx),
                               into: &buffer, in: rect, theme: theme)
        let body = Rect(x: rect.x, y: rect.y + 3, width: rect.width, height: max(0, rect.height - 3))
        guard let pack = pack(ui: ui, ctx: ctx) else {
            let text: String
            if case .failed(let failed, let why)? = ctx.review, failed == request {
                text = "could not read the KPI history for \(request.period.label): \(sanitizeForTerminal(why))"
            } else {
                text = "loading \(request.period.label)" + (request.compare.map { " and \($0.label)" } ?? "") + " from the KPI history…"
            }
            _ = buffer.put(text, x: body.x, y: body.y, style: theme.style(.stale), maxWidth: body.width)
            return
        }
        ReviewSlides.draw(ui.review.slide, pack: pack, rows: slideRows(ui.review.slide, pack: pack), selection: ui.selection[.review],
                          scroll: ui.scroll[.review] ?? 0, into: &buffer, in: body, theme: theme)
    }
}

extension ReviewPane: PaneDefinition {
    static let columns: [ListColumn] = []

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        ids(ui: ui, ctx: ctx).map { ListRow(id: $0, [.text($0)]) }
    }

    static func ids(ui: UIState, ctx: FrameContext) -> [String] {
        pack(ui: ui, ctx: ctx).map { slideRows(ui.review.slide, pack: $0).map(\.id) } ?? []
    }

    /// Where the slide's table lies: the controller pages and scrolls by the rows that fit there.
    static func listRect(in body: Rect, ctx: FrameContext) -> Rect {
        ReviewSlides.tableRect(in: Rect(x: body.x, y: body.y + 3, width: body.width, height: max(0, body.height - 3)))
    }

    /// A team or class opens its jobs, a pool or cluster its GPUs, a department its teams: the live panes, filtered.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) {
        guard let colon = id.firstIndex(of: ":"), let kind = RollupScopeKind(rawValue: String(id[..<colon])) else { return }
        let name = String(id[id.index(after: colon)...])
        switch kind {
        case .team: UIController.openJobs(UIState.JobScope(team: name), ui: &ui)
        case .priorityClass: UIController.openJobs(UIState.JobScope(priorityClass: name), ui: &ui)
        case .pool, .cluster: openFiltered(.gpus, name, ui: &ui)
        case .department: openFiltered(.teams, name, ui: &ui)
        case .fleet: UIController.open(.overview, ui: &ui)
        }
    }

    private static func openFiltered(_ pane: Pane, _ name: String, ui: inout UIState) {
        UIController.open(pane, ui: &ui)
        ui.filters[pane] = NSRegularExpression.escapedPattern(for: name)
        ui.resetSelection(pane)
    }

    /// The slide, period, comparison and freeze, and the pack as `report review --format json` writes it (one
    /// derivation, the same numbers); `review` is null while it loads.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let request = ReviewRequest(ui.review, fleetNow: ctx.state.now)
        let status: String = switch ctx.review {
        case .ready(let r, _)? where r == request: "ready"
        case .failed(let r, _)? where r == request: "failed"
        default: "loading"
        }
        return [
            "pane": "review", "slide": ui.review.slide.rawValue,
            "slide_number": (ReviewSectionKind.allCases.firstIndex(of: ui.review.slide) ?? 0) + 1,
            "period": request.period.label, "compare": ui.review.compare.rawValue,
            "frozen_as_of": JSONValue.of(ui.review.frozenAt, JSONNumber.seconds), "status": status,
            "review": pack(ui: ui, ctx: ctx).map { ReviewData.document($0) as Any } ?? NSNull(),
        ]
    }
}

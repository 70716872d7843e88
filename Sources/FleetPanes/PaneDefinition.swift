import FleetCore
import FleetTUI

/// One pane: its rows, its layout and what Enter does. Screen and controller reach panes only through this, so a
/// new pane is one conforming type and one case in `Pane.definition`.
protocol PaneDefinition {
    /// Its sortable columns (none: not sortable).
    static var columns: [ListColumn] { get }
    /// The selectable rows in display order: scope, filter and sort applied.
    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow]
    /// The ids of those rows, in order: what the controller needs to move and drill down (a pane may give them without
    /// building every row's cells).
    static func ids(ui: UIState, ctx: FrameContext) -> [String]
    /// Where the list (its heading and table header included) lies in the pane's body.
    static func listRect(in body: Rect, ctx: FrameContext) -> Rect
    /// Draws the pane into its body.
    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect)
    /// What Enter on row `id` does.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext)
    /// The pane's values for scripts (`snapshot --json`): snake_case keys, numbers as numbers, `null` where missing; lists
    /// in the pane's scope, filter and order.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any]
}

extension PaneDefinition {
    static func ids(ui: UIState, ctx: FrameContext) -> [String] { rows(ui: ui, ctx: ctx).map(\.id) }
    static func listRect(in body: Rect, ctx: FrameContext) -> Rect { body }
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) {}
}

extension Pane {
    /// The type that draws this pane and lists its rows.
    var definition: any PaneDefinition.Type {
        switch self {
        case .overview: OverviewPane.self
        case .queues: QueuesPane.self
        case .jobs: JobsPane.self
        case .teams: TeamsPane.self
        case .cost: CostPane.self
        case .forecast: ForecastPane.self
        case .approvals: ApprovalsPane.self
        case .alerts: AlertsPane.self
        case .gpus: GPUsPane.self
        case .idle: IdlePane.self
        case .feeds: FeedsPane.self
        case .review: ReviewPane.self
        }
    }

    /// Rows of the list that fit on a screen of `size`: the list's height less its heading and table header.
    func visibleRows(on size: ScreenSize, ctx: FrameContext) -> Int {
        max(1, definition.listRect(in: Screen.body(width: size.width, height: size.height), ctx: ctx).height - 2)
    }
}

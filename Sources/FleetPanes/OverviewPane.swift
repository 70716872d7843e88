import FleetCore
import FleetTUI

/// `:overview` — the fleet KPIs of PRODUCT.md with last-hour sparklines, queues per priority class, pools, alerts and a heat map.
enum OverviewPane {
    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        guard !rect.isEmpty else { return }
        if ctx.state.gpus.count == 0 {
            let text = ctx.progress?.line ?? "no fleet yet: waiting for a feed to report nodes and GPUs"
            _ = buffer.put(text, x: rect.x, y: rect.y, style: ctx.theme.style(.stale), maxWidth: rect.width)
            return
        }
        let wide = rect.width >= 130
        let (left, right) = wide ? rect.splitLeft(min(84, rect.width / 2 + 4)) : (rect, Rect(x: 0, y: 0, width: 0, height: 0))
        let kpiRows = KPIRows.make(ctx)
        let kpiHeight = min(left.height, kpiRows.count + 1)
        let (kpiRect, rest) = left.splitTop(kpiHeight)
        KPIRows.draw(kpiRows, ctx: ctx, into: &buffer, in: kpiRect)
        // A spacer line only when the queue table still fits whole below it.
        let spacer = rest.height > ctx.kpis.classes.count + 2 ? 1 : 0
        let queueArea = rest.inset(top: spacer, left: 0, bottom: 0, right: 0)
        let (queueRect, below) = queueArea.splitTop(min(queueArea.height, ctx.kpis.classes.count + 2))
        QueueTable.draw(ui: ui, ctx: ctx, into: &buffer, in: queueRect)
        var teamArea = below.inset(top: min(1, below.height), left: 0, bottom: 0, right: 0)
        if !wide {
            // Without a right column, the open alerts go here so "what is wrong" stays on screen.
            let (alertRect, rest) = teamArea.splitTop(min(teamArea.height, max(2, min(ctx.kpis.alerts.count, 5) + 1)))
            AlertList.draw(ctx, into: &buffer, in: alertRect)
            teamArea = rest.inset(top: min(1, rest.height), left: 0, bottom: 0, right: 0)
        }
        TopTeams.draw(ctx, into: &buffer, in: teamArea)
        if wide { drawRightColumn(ctx, into: &buffer, in: right.inset(top: 0, left: 2, bottom: 0, right: 0)) }
    }

    private static func drawRightColumn(_ ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let poolHeight = min(rect.height, ctx.kpis.pools.count + 2)
        let (poolRect, rest) = rect.splitTop(poolHeight)
        PoolTable.draw(ctx, into: &buffer, in: poolRect)
        let alertHeight = min(rest.height, max(3, min(ctx.kpis.alerts.count + 2, 10)))
        let (alertRect, heatArea) = rest.splitTop(alertHeight)
        AlertList.draw(ctx, into: &buffer, in: alertRect)
        FleetHeatMap.draw(ctx, into: &buffer, in: heatArea)
    }
}

/// Section title helper.
enum Section {
    static func title(_ text: String, _ ctx: FrameContext, into buffer: inout CellBuffer, at rect: Rect) {
        guard rect.height > 0 else { return }
        _ = buffer.put(text, x: rect.x, y: rect.y, style: ctx.theme.style(.title), maxWidth: rect.width)
    }
}

extension OverviewPane: PaneDefinition {
    /// Not sortable: the classes stay in rank order.
    static var columns: [TableColumn] { [] }

    /// The priority classes of the queue table.
    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] { QueueTable.rows(ctx) }

    /// The class's jobs.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) {
        UIController.openJobs(UIState.JobScope(priorityClass: id), ui: &ui)
    }
}

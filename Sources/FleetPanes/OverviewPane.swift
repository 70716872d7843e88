import Foundation
import FleetCore
import FleetTUI

/// `:overview` — the fleet KPIs of PRODUCT.md with last-hour sparklines, queues per priority class, pools, alerts and a heat map.
enum OverviewPane {
    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        guard !rect.isEmpty else { return }
        if ctx.state.gpus.count == 0 {
            _ = buffer.put("no fleet yet: waiting for a feed to report nodes and GPUs", x: rect.x, y: rect.y, style: ctx.theme.style(.stale), maxWidth: rect.width)
            return
        }
        let wide = rect.width >= 130
        let (left, right) = wide ? rect.splitLeft(min(84, rect.width / 2 + 4)) : (rect, Rect(x: 0, y: 0, width: 0, height: 0))
        let kpiRows = KPIRows.make(ctx)
        let kpiHeight = min(left.height, kpiRows.count + 1)
        let (kpiRect, rest) = left.splitTop(kpiHeight)
        KPIRows.draw(kpiRows, ctx: ctx, into: &buffer, in: kpiRect)
        var stack = SectionStack(area: rest)
        if wide {
            QueueTable.draw(ui: ui, ctx: ctx, into: &buffer, in: stack.next(ctx.kpis.classes.count + 2))
            TopTeams.draw(ctx, into: &buffer, in: stack.next(max(0, stack.area.height - 1)))
            drawRightColumn(ctx, into: &buffer, in: right.inset(top: 0, left: 2, bottom: 0, right: 0))
            return
        }
        // Without a right column the sections stack in the order on-call reads them: what is wrong (alerts, critical
        // first), queues against their SLA, who spends; then pools and the heat map when the height allows. A cut
        // section says how many rows it hides.
        AlertList.draw(ctx, into: &buffer, in: stack.next(AlertList.height(ctx)))
        let queueRows = ctx.kpis.classes.count + 2
        // Top teams needs a blank line, its title, header and a team after the queues; when they leave it less, the
        // queues give their last line to a pointer, so that the section does not vanish without a word.
        let teams = min(ctx.state.teamUsage.count, ctx.state.org.teams.count)
        if stack.area.height < queueRows + 4, !stack.area.isEmpty, teams > 0 {
            let (queueArea, pointer) = stack.area.splitTop(stack.area.height - 1)
            var queues = SectionStack(area: queueArea)
            QueueTable.draw(ui: ui, ctx: ctx, into: &buffer, in: queues.next(queueRows))
            TopTeams.drawPointer(ctx, into: &buffer, in: pointer)
            return
        }
        QueueTable.draw(ui: ui, ctx: ctx, into: &buffer, in: stack.next(queueRows))
        TopTeams.draw(ctx, into: &buffer, in: stack.next(TopTeams.stackedHeight))
        PoolTable.draw(ctx, into: &buffer, in: stack.next(ctx.kpis.pools.count + 2))
        FleetHeatMap.draw(ctx, into: &buffer, in: stack.next(stack.area.height))
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

/// Sections placed one under another in what is left of an area.
struct SectionStack {
    /// What is still free.
    private(set) var area: Rect

    /// The next section's rect: up to `wanted` rows, after a blank line when the section still fits whole with it.
    mutating func next(_ wanted: Int) -> Rect {
        let gap = area.height > wanted ? 1 : 0
        let (section, rest) = area.inset(top: gap, left: 0, bottom: 0, right: 0).splitTop(min(max(0, area.height - gap), wanted))
        area = rest
        return section
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
    /// The fleet KPIs, queue waits per class, alerts, feed freshness and pools.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let k = ctx.kpis
        let s = ctx.state
        return [
            "pane": "overview",
            "fleet": s.fleet.name,
            "fleet_time": UTCCalendar.format(s.now, seconds: true),
            "policy": s.policy?.source ?? NSNull(),
            "total_gpus": k.totalGPUs,
            "capacity": k.capacity,
            "allocated_gpus": k.allocationKnown ? k.allocated : NSNull(),
            "as_of": s.savedDocumentTime.map { UTCCalendar.format($0, seconds: true) } ?? NSNull(),
            "allocation": JSONValue.of(k.allocation, JSONNumber.ratio),
            "busy": JSONValue.of(k.busy, JSONNumber.ratio),
            "busy_reporting_gpus": k.busySampledGPUs,
            "effective_utilisation": JSONValue.of(k.effectiveUtilization, JSONNumber.ratio),
            "idle_allocated": k.idleAllocated.map { $0 as Any } ?? NSNull(),
            "idle_allocated_cost_per_hour": JSONValue.of(k.idleAllocatedCostPerHour, JSONNumber.rate),
            "queue_depth": ["pending_jobs": k.pendingJobs, "pending_gpus": k.pendingGPUs,
                            "per_class": k.classes.map { ["class": $0.name, "pending_jobs": $0.pendingJobs, "pending_gpus": $0.pendingGPUs,
                                                          "running_jobs": $0.runningJobs] }],
            "oldest_pending_wait_seconds": JSONValue.of(k.oldestPendingWait, JSONNumber.seconds),
            "queue_wait": k.classes.map { c -> [String: Any] in
                ["class": c.name, "p50_seconds": JSONValue.of(c.waitP50, JSONNumber.seconds),
                 "p95_seconds": JSONValue.of(c.waitP95, JSONNumber.seconds),
                 "sla_seconds": c.isUnmapped ? NSNull() : JSONValue.of(c.slaSeconds, JSONNumber.seconds),
                 "sla_attainment": JSONValue.of(c.slaAttainment, JSONNumber.ratio), "started_in_window": c.startedInWindow, "breach": c.breachesSLA]
            },
            "cost_exposure_per_hour": JSONValue.of(k.costPerHour, JSONNumber.rate),
            "idle_cost_exposure_per_hour": JSONValue.of(k.idleCostPerHour, JSONNumber.rate),
            "unallocated_cost_per_hour": JSONValue.of(k.unallocatedCostPerHour, JSONNumber.rate),
            "unpriced_gpus": k.unpricedGPUs,
            "open_alerts": k.alerts.count,
            "alerts": k.alerts.map { ["severity": $0.severity.rawValue, "subject": $0.subject, "message": $0.message] },
            "pending_approvals": k.pendingApprovals,
            "feed_freshness": s.feeds.map { f -> [String: Any] in
                ["feed": f.name, "kind": f.kind.rawValue, "age_seconds": JSONValue.of(f.age(now: ctx.wallNow), JSONNumber.seconds),
                 "stale": f.isStale(now: ctx.wallNow), "interval_seconds": JSONValue.of(f.intervalSeconds, JSONNumber.measured), "errors": f.errorCount, "last_error": f.lastError ?? NSNull()]
            },
            "pools": k.pools.map { ["pool": $0.name, "purchase": $0.purchase.rawValue, "capacity": $0.capacity,
                                    "allocated": k.allocationKnown ? $0.allocated : NSNull(), "busy": JSONValue.of($0.busy, JSONNumber.ratio),
                                    "cost_per_hour": JSONValue.of($0.costPerHour, JSONNumber.rate)] },
        ]
    }

    /// Not sortable: the classes stay in rank order.
    static var columns: [ListColumn] { [] }

    /// The priority classes of the queue table.
    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] { QueueTable.rows(ctx) }

    /// The class's jobs.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) {
        UIController.openJobs(UIState.JobScope(priorityClass: id), ui: &ui)
    }
}

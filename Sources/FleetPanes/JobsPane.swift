import Foundation
import FleetCore
import FleetTUI

/// `:jobs` — live jobs (pending first, by priority and wait), then recently finished ones.
enum JobsPane {
    static let columns = [
        ListColumn("JOB", .text, width: .fixed(9)), ListColumn("NAME", .text, width: .flexible(minimum: 12, weight: 2)),
        ListColumn("TEAM", .text, width: .fixed(14)), ListColumn("CLASS", .text, width: .fixed(14)),
        ListColumn("STATE", .text, width: .fixed(9)), ListColumn("GPUS", .number, width: .fixed(4), alignment: .right),
        ListColumn("MODEL", .text, width: .fixed(5)), ListColumn("WAIT", .duration, width: .fixed(6), alignment: .right),
        ListColumn("RUN", .duration, width: .fixed(6), alignment: .right),
        ListColumn("NODE / REASON", .text, width: .flexible(minimum: 10, weight: 2)), ListColumn("QUEUE", .text, width: .fixed(10)),
    ]

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        ctx.rows(.jobs, ui: ui, scope: ui.jobScope) {
            let all = ordered(ui: ui, ctx: ctx).map { row($0, ctx.state) }
            return ListSort.apply(ui.sort[.jobs], to: Rows.filter(all, by: ui.filters[.jobs], text: \.searchText), columns: columns)
        }
    }

    /// The rows without sort or filter: ids in run order, cells built only for the rows drawn. Nil when the user
    /// sorted or filtered (every row's cells are needed then).
    static func lazyRows(ui: UIState, ctx: FrameContext) -> LazyRows? {
        guard ui.sort[.jobs] == nil, ui.filters[.jobs].map({ $0.isEmpty || $0 == "!" }) ?? true else { return nil }
        let key = OrderKey(scope: ui.jobScope)
        let order = ctx.cached(key) {
            // Re-sorted from the previous state's order, which only makes it faster (see `runOrder`).
            let order = runOrder(ui: ui, s: ctx.state, previous: ctx.hint(key))
            ctx.keepHint(order, key)
            return order
        }
        return LazyRows(ids: order.ids) { i in order.places[i].job(in: ctx.state).map { row($0, ctx.state).cells } ?? [] }
    }

    /// The cache key of the count of jobs in all scopes.
    private struct TotalKey: Hashable {}

    /// The jobs in the scope, in the order of `runOrder`.
    static func ordered(ui: UIState, ctx: FrameContext) -> [Job] {
        runOrder(ui: ui, s: ctx.state).places.compactMap { $0.job(in: ctx.state) }
    }

    static func inScope(_ job: Job, _ scope: UIState.JobScope, _ s: FleetState) -> Bool {
        if let team = scope.team, teamName(job, s) != team { return false }
        if let cls = scope.priorityClass, className(job, s) != cls { return false }
        if let queue = scope.queue, job.queueName(classes: s.priorityClasses) != queue { return false }
        return true
    }

    static func teamName(_ job: Job, _ s: FleetState) -> String { s.teamLabel(of: job) }

    /// The job's priority class, else the scheduler's unmapped QOS name as `qos:NAME`, else "(unknown)".
    static func className(_ job: Job, _ s: FleetState) -> String { s.classLabel(of: job) }

    static func nodeNames(_ job: Job, _ s: FleetState) -> String {
        var names: [String] = []
        for g in job.gpuIndices where Int(g) < s.gpus.count {
            let name = s.nodes[Int(s.gpus.node[Int(g)])].name
            if names.last != name { names.append(name) }
        }
        // A job holding no GPUs (CPU-only, or on nodes the fleet does not know) still ran somewhere.
        if names.isEmpty, job.state == .running, let hosts = job.scheduler?.nodes { names = hosts }
        return names.count > 2 ? "\(names[0]) +\(names.count - 1)" : names.joined(separator: ",")
    }

    private static func row(_ job: Job, _ s: FleetState) -> ListRow {
        let stateRole: Role? = switch job.state {
        case .pending: .warn
        case .running: .ok
        case .failed: .critical
        case .preempted: .warn
        default: .muted
        }
        let run = job.startedAt.map { (job.endedAt ?? s.now) - $0 }
        // Pending: why; else where it runs or ran (blank when nowhere is known).
        let whereField: ListField = job.state == .pending ? .text(job.pendingReason) : .text(nodeNames(job, s), missing: "")
        return ListRow(id: job.id, [
            .text(job.id), .text(job.name), .text(teamName(job, s)),
            .text(className(job, s), role: job.priorityClass < 0 ? .muted : nil),
            .text(job.state.rawValue, role: stateRole), .count(job.gpus),
            .text(job.gpuModel, missing: "any"), .duration(job.wait(now: s.now)),
            .duration(run, missing: ""), whereField,
            .text(job.queueName(classes: s.priorityClasses)),
        ])
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        var title = "JOBS"
        if let scope = ui.jobScope {
            title += " · " + [scope.team.map { "team \($0)" }, scope.priorityClass.map { "class \($0)" },
                              scope.queue.map { "queue \($0)" }]
                .compactMap { $0 }.joined(separator: " · ")
        }
        // Counted in the reducer's flat state column: `$0 != nil` over the slots would copy every `Job`.
        let s = ctx.state
        let total = ctx.cached(TotalKey()) { (s.jobColumns ?? .count(s)).state.count { $0 != nil } + s.recentFinishedJobs.count }
        let empty = ctx.state.jobTotals.submitted == 0 ? "no jobs reported by any feed yet" : "no jobs match"
        ListPane.draw(title: title, columns: columns, rows: lazyRows(ui: ui, ctx: ctx) ?? LazyRows(rows(ui: ui, ctx: ctx)),
                      total: total, emptyText: empty, pane: .jobs, ui: ui,
                      into: &buffer, in: rect, theme: ctx.theme)
    }
}

extension JobsPane: PaneDefinition {
    /// The listed jobs, in the pane's scope, filter and order.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let s = ctx.state
        let byID = Dictionary((s.jobSlots.compactMap { $0 } + s.recentFinishedJobs).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let list: [[String: Any]] = JobsPane.rows(ui: ui, ctx: ctx).compactMap { byID[$0.id] }.map { job in
            let run = job.startedAt.map { (job.endedAt ?? s.now) - $0 }
            var nodes: [String] = []
            for g in job.gpuIndices where Int(g) < s.gpus.count {
                let name = s.nodes[Int(s.gpus.node[Int(g)])].name
                if nodes.last != name { nodes.append(name) }
            }
            return [
                "id": job.id, "name": job.name, "team": s.teamName(of: job) ?? NSNull(),
                "priority_class": s.classLabel(of: job), "state": job.state.rawValue, "gpus": job.gpus,
                "gpu_model": job.gpuModel ?? NSNull(), "wait_seconds": JSONValue.of(job.wait(now: s.now), JSONNumber.seconds),
                "run_seconds": JSONValue.of(run, JSONNumber.seconds), "nodes": nodes.isEmpty ? (job.scheduler?.nodes ?? []) : nodes,
                "pending_reason": job.state == .pending && !job.pendingReason.isEmpty ? job.pendingReason : NSNull(),
                "queue": job.queueName(classes: s.priorityClasses),
            ]
        }
        return ["pane": "jobs", "jobs": list]
    }

    static func ids(ui: UIState, ctx: FrameContext) -> [String] { lazyRows(ui: ui, ctx: ctx)?.ids ?? rows(ui: ui, ctx: ctx).map(\.id) }

    /// The job's detail.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) { ui.overlay = .job(id) }
}

import FleetCore
import FleetTUI

/// `:jobs` — live jobs (pending first, by priority and wait), then recently finished ones.
enum JobsPane {
    static let columns = [
        TableColumn("JOB", width: .fixed(9)), TableColumn("NAME", width: .flexible(minimum: 12, weight: 2)),
        TableColumn("TEAM", width: .fixed(14)), TableColumn("CLASS", width: .fixed(14)),
        TableColumn("STATE", width: .fixed(9)), TableColumn("GPUS", width: .fixed(4), alignment: .right),
        TableColumn("MODEL", width: .fixed(5)), TableColumn("WAIT", width: .fixed(6), alignment: .right),
        TableColumn("RUN", width: .fixed(6), alignment: .right), TableColumn("NODE / REASON", width: .flexible(minimum: 10, weight: 2)),
        TableColumn("QUEUE", width: .fixed(10)),
    ]

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        let s = ctx.state
        var live = s.jobSlots.compactMap { $0 }
        if let scope = ui.jobScope {
            live = live.filter { inScope($0, scope, s) }
        }
        let before = runOrder(s.priorityClasses)
        live.sort { a, b in
            if (a.state == .pending) != (b.state == .pending) { return a.state == .pending }
            return before(a, b)
        }
        var finished = Array(s.recentFinishedJobs.reversed())
        if let scope = ui.jobScope { finished = finished.filter { inScope($0, scope, s) } }
        let all = (live + finished).map { row($0, s) }
        return ListSort.apply(ui.sort[.jobs], to: Rows.filter(all, by: ui.filters[.jobs], text: \.searchText))
    }

    /// The order jobs start in: class rank, then the scheduler's own priority, then submit time.
    static func runOrder(_ classes: [PriorityClass]) -> (Job, Job) -> Bool {
        let rank: (Job) -> Int = {
            $0.priorityClass >= 0 && Int($0.priorityClass) < classes.count ? classes[Int($0.priorityClass)].rank : Int.max
        }
        return { a, b in
            if rank(a) != rank(b) { return rank(a) < rank(b) }
            let pa = a.scheduler?.priority ?? 0, pb = b.scheduler?.priority ?? 0
            if pa != pb { return pa > pb }
            return (a.submittedAt, a.id) < (b.submittedAt, b.id)
        }
    }

    private static func inScope(_ job: Job, _ scope: UIState.JobScope, _ s: FleetState) -> Bool {
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
        let where_ = job.state == .pending ? (job.pendingReason.isEmpty ? "—" : job.pendingReason) : nodeNames(job, s)
        return ListRow(id: job.id, cells: [
            TableCell(sanitizeForTerminal(job.id)), TableCell(sanitizeForTerminal(job.name)),
            TableCell(sanitizeForTerminal(teamName(job, s))),
            TableCell(sanitizeForTerminal(className(job, s)), role: job.priorityClass < 0 ? .muted : nil),
            TableCell(job.state.rawValue, role: stateRole), TableCell(String(job.gpus)),
            TableCell(job.gpuModel ?? "any"), TableCell(Format.duration(job.wait(now: s.now))),
            TableCell(run.map(DurationFormat.short) ?? ""), TableCell(sanitizeForTerminal(where_)),
            TableCell(sanitizeForTerminal(job.queueName(classes: s.priorityClasses))),
        ])
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let rows = rows(ui: ui, ctx: ctx)
        var title = "JOBS"
        if let scope = ui.jobScope {
            title += " · " + [scope.team.map { "team \($0)" }, scope.priorityClass.map { "class \($0)" },
                              scope.queue.map { "queue \($0)" }]
                .compactMap { $0 }.joined(separator: " · ")
        }
        let total = ctx.state.jobSlots.count { $0 != nil } + ctx.state.recentFinishedJobs.count
        let empty = ctx.state.jobTotals.submitted == 0 ? "no jobs reported by any feed yet" : "no jobs match"
        ListPane.draw(title: title, columns: columns, rows: rows, total: total, emptyText: empty, pane: .jobs, ui: ui,
                      into: &buffer, in: rect, theme: ctx.theme)
    }
}

extension JobsPane: PaneDefinition {
    /// The job's detail.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) { ui.detailJobID = id }
}

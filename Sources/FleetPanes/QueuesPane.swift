import Foundation
import FleetCore
import FleetTUI

/// `:queues` — per queue (partition / ClusterQueue, or priority class): depth, waits vs SLA, why jobs wait.
enum QueuesPane {
    // What an on-call engineer reads first comes first, so it survives 80 columns: depth, oldest wait vs SLA, why.
    static let columns = [
        ListColumn("QUEUE", .text, width: .flexible(minimum: 10, weight: 1)),
        ListColumn("PEND", .number, width: .fixed(5), alignment: .right), ListColumn("P.GPU", .number, width: .fixed(5), alignment: .right),
        ListColumn("OLDEST", .duration, width: .fixed(6), alignment: .right), ListColumn("SLA", .duration, width: .fixed(5), alignment: .right),
        ListColumn("FLAGS", .text, width: .fixed(10)), ListColumn("WHY PENDING", .text, width: .flexible(minimum: 14, weight: 2)),
        ListColumn("P50", .duration, width: .fixed(6), alignment: .right), ListColumn("P95", .duration, width: .fixed(6), alignment: .right),
        ListColumn("RUN", .number, width: .fixed(5), alignment: .right),
        ListColumn("GPU QUOTA", .number, width: .fixed(11), alignment: .right), ListColumn("DEPTH 1H", .number, width: .fixed(12)),
    ]

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        ctx.rows(.queues, ui: ui, scope: ui.queueGrouping) {
            let all = QueueStats.derive(from: ctx.state, grouping: ui.queueGrouping).map(row)
            return ListSort.apply(ui.sort[.queues], to: Rows.filter(all, by: ui.filters[.queues], text: \.searchText), columns: columns)
        }
    }

    /// Flags: depth over its configured limit (starvation guard), oldest wait or p95 over the SLA.
    static func flags(_ q: QueueStats) -> (text: String, role: Role) {
        var flags: [String] = []
        var role = Role.ok
        if q.overLimit, let limit = q.depthLimit {
            flags.append("DEPTH>\(limit)")
            role = .critical
        }
        if let borrowed = q.quota?.borrowedGPUs, borrowed > 0 {
            flags.append("BORROW \(Format.number(borrowed, digits: 0))")
            if role == .ok { role = .warn }
        }
        if q.breachingSLA {
            flags.append("SLA BREACH")  // the oldest pending job already waits longer than its class allows
            role = .critical
        } else if let sla = q.sla, let p95 = q.waitP95, p95 > sla {
            flags.append("p95>SLA")
            if role == .ok { role = .warn }
        }
        return flags.isEmpty ? ("ok", .ok) : (flags.joined(separator: " "), role)
    }

    /// "12/16" GPUs used of nominal, "+8" when it may borrow; "—" without a reported quota.
    static func quotaText(_ quota: QueueQuota?) -> String {
        guard let quota, let nominal = quota.nominalGPUs else { return "—" }
        let used = quota.usedGPUs.map { Format.number($0, digits: 0) } ?? "?"
        let borrow = quota.borrowingLimitGPUs.map { $0 > 0 ? "+\(Format.number($0, digits: 0))" : "" } ?? ""
        return "\(used)/\(Format.number(nominal, digits: 0))\(borrow)"
    }

    /// "Res 3 · Prio 2 · Limits 1" (the help screen and JSON spell the categories out).
    static func reasonText(_ q: QueueStats) -> String {
        guard q.pendingJobs > 0 else { return "—" }
        return q.reasons.map { "\($0.category.short) \($0.count)" }.joined(separator: " · ")
    }

    /// The depth history as sparkline glyphs, newest at the right; a flat zero line reads as "▁".
    static func depthSparkline(_ history: [Int], width: Int = 12) -> String {
        let shown = history.suffix(width)
        guard let high = shown.max(), !shown.isEmpty else { return "" }
        return String(String.UnicodeScalarView(shown.map { Sparkline.glyph(for: Double($0), low: 0, high: Double(max(high, 1))) }))
    }

    private static func row(_ q: QueueStats) -> ListRow {
        let flag = flags(q)
        let waitRole: (Double?) -> Role? = { w in
            guard let w, let sla = q.sla else { return nil }
            return w > sla ? .warn : nil
        }
        return ListRow(id: q.name, [
            .text(q.name),
            .count(q.pendingJobs, role: q.overLimit ? .critical : nil), .count(q.pendingGPUs),
            .duration(q.oldestWait, role: q.breachingSLA ? .critical : nil),
            .duration(q.sla, role: .muted),
            ListField(TableCell(flag.text, role: flag.role), .text(flag.text)),
            ListField(TableCell(sanitizeForTerminal(reasonText(q))), q.pendingJobs > 0 ? .text(reasonText(q)) : .missing),
            .duration(q.waitP50, role: waitRole(q.waitP50)),
            .duration(q.waitP95, role: waitRole(q.waitP95)),
            .count(q.runningJobs),
            // Sorted by GPUs in use, the first figure.
            ListField(TableCell(quotaText(q.quota), role: q.quota == nil ? .muted : nil),
                      .number(ifKnown: q.quota?.nominalGPUs == nil ? nil : q.quota?.usedGPUs)),
            // Sorted by the depth now, the sparkline's right end.
            ListField(TableCell(depthSparkline(q.depthHistory), role: .sparkline), .number(ifKnown: q.depthHistory.last.map(Double.init))),
        ])
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let by = ui.queueGrouping == .queue ? "partition / ClusterQueue" : "priority class"
        let other = ui.queueGrouping == .queue ? "class" : "queue"
        let rows = rows(ui: ui, ctx: ctx)
        let empty = ctx.state.jobSlots.contains { $0 != nil } ? "no queues match" : "no jobs reported by any scheduler feed yet"
        let window = Format.duration(ctx.state.policy?.queueWaitWindowSeconds ?? 86_400)
        // Approved priority overrides change who runs first: say so where the queue is read.
        let bumps = (ctx.state.governance?.inEffect(at: ctx.wallNow) ?? []).filter { [.priority, .preemption, .retrain].contains($0.kind) }
        let overrides = bumps.isEmpty ? "" : " · OVERRIDES: " + bumps.map {
            "\($0.id) \($0.kind.rawValue) \(sanitizeForTerminal($0.team)) until \(Format.clock($0.windowEnd).prefix(5))"
        }.joined(separator: ", ")
        ListPane.draw(title: "QUEUES by \(by) (c: by \(other)) · waits \(window)\(overrides)",
                      columns: columns, rows: rows, total: rows.count, emptyText: empty, pane: .queues, ui: ui,
                      into: &buffer, in: rect, theme: ctx.theme)
    }
}

extension QueuesPane: PaneDefinition {
    /// Per-queue figures in the pane's grouping and filter (waits in seconds, unknown ones null), and Kueue cohorts.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let shown = Set(QueuesPane.rows(ui: ui, ctx: ctx).map(\.id))
        let list: [[String: Any]] = QueueStats.derive(from: ctx.state, grouping: ui.queueGrouping)
            .filter { shown.contains($0.name) }
            .map { q in
                [
                    "name": q.name, "pending_jobs": q.pendingJobs, "pending_gpus": q.pendingGPUs,
                    "running_jobs": q.runningJobs, "running_gpus": q.runningGPUs,
                    "oldest_wait_seconds": JSONValue.of(q.oldestWait, JSONNumber.seconds),
                    "wait_p50_seconds": JSONValue.of(q.waitP50, JSONNumber.seconds),
                    "wait_p95_seconds": JSONValue.of(q.waitP95, JSONNumber.seconds), "started_in_window": q.startedInWindow,
                    "sla_seconds": JSONValue.of(q.sla, JSONNumber.seconds), "flags": QueuesPane.flags(q).text,
                    "pending_reasons": Dictionary(q.reasons.map { ($0.category.rawValue, $0.count) }, uniquingKeysWith: +),
                    "depth_history": q.depthHistory, "depth_limit": q.depthLimit.map { $0 as Any } ?? NSNull(),
                    "cohort": q.quota?.parent.map { $0 as Any } ?? NSNull(),
                    "nominal_gpus": JSONValue.of(q.quota?.nominalGPUs, JSONNumber.measured),
                    "used_gpus": JSONValue.of(q.quota?.usedGPUs, JSONNumber.measured),
                    "borrowing_limit_gpus": JSONValue.of(q.quota?.borrowingLimitGPUs, JSONNumber.measured),
                    "pending_inadmissible": q.quota?.pendingInadmissible.map { $0 as Any } ?? NSNull(),
                    "fair_weight": JSONValue.of(q.quota?.fairWeight, JSONNumber.ratio),
                    "weighted_share": JSONValue.of(q.quota?.weightedShare, JSONNumber.ratio),
                ]
            }
        // Cohorts (Kueue) have no jobs of their own: listed with their quota and parent for the tree.
        let cohorts: [[String: Any]] = (ctx.state.queueQuotas ?? []).filter { $0.kind == .cohort }.map { c in
            ["name": c.name, "parent": c.parent.map { $0 as Any } ?? NSNull(),
             "nominal_gpus": JSONValue.of(c.nominalGPUs, JSONNumber.measured), "used_gpus": JSONValue.of(c.usedGPUs, JSONNumber.measured),
             "borrowing_limit_gpus": JSONValue.of(c.borrowingLimitGPUs, JSONNumber.measured),
             "fair_weight": JSONValue.of(c.fairWeight, JSONNumber.ratio)]
        }
        return ["pane": "queues", "grouping": ui.queueGrouping.rawValue, "queues": list, "cohorts": cohorts]
    }

    /// A queue's (or class's) jobs, in the pane's grouping.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) {
        UIController.openJobs(ui.queueGrouping == .queue ? UIState.JobScope(queue: id) : UIState.JobScope(priorityClass: id), ui: &ui)
    }
}

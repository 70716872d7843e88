import FleetCore
import FleetTUI

/// `:queues` — per queue (partition / ClusterQueue, or priority class): depth, waits vs SLA, why jobs wait.
enum QueuesPane {
    // What an on-call engineer reads first comes first, so it survives 80 columns: depth, oldest wait vs SLA, why.
    static let columns = [
        TableColumn("QUEUE", width: .flexible(minimum: 10, weight: 1)),
        TableColumn("PEND", width: .fixed(5), alignment: .right), TableColumn("P.GPU", width: .fixed(5), alignment: .right),
        TableColumn("OLDEST", width: .fixed(6), alignment: .right), TableColumn("SLA", width: .fixed(5), alignment: .right),
        TableColumn("FLAGS", width: .fixed(10)), TableColumn("WHY PENDING", width: .flexible(minimum: 14, weight: 2)),
        TableColumn("P50", width: .fixed(6), alignment: .right), TableColumn("P95", width: .fixed(6), alignment: .right),
        TableColumn("RUN", width: .fixed(5), alignment: .right),
        TableColumn("GPU QUOTA", width: .fixed(11), alignment: .right), TableColumn("DEPTH 1H", width: .fixed(12)),
    ]

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        ctx.rows(.queues, ui: ui, scope: ui.queueGrouping) {
            let all = QueueStats.derive(from: ctx.state, grouping: ui.queueGrouping).map(row)
            return ListSort.apply(ui.sort[.queues], to: Rows.filter(all, by: ui.filters[.queues], text: \.searchText))
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
        return ListRow(id: q.name, cells: [
            TableCell(sanitizeForTerminal(q.name)),
            TableCell(String(q.pendingJobs), role: q.overLimit ? .critical : nil), TableCell(String(q.pendingGPUs)),
            TableCell(q.oldestWait.map(Format.duration) ?? "—", role: q.breachingSLA ? .critical : nil),
            TableCell(q.sla.map(Format.duration) ?? "—", role: .muted),
            TableCell(flag.text, role: flag.role),
            TableCell(sanitizeForTerminal(reasonText(q))),
            TableCell(q.waitP50.map(Format.duration) ?? "—", role: waitRole(q.waitP50)),
            TableCell(q.waitP95.map(Format.duration) ?? "—", role: waitRole(q.waitP95)),
            TableCell(String(q.runningJobs)),
            TableCell(quotaText(q.quota), role: q.quota == nil ? .muted : nil),
            TableCell(depthSparkline(q.depthHistory), role: .sparkline),
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
    /// A queue's (or class's) jobs, in the pane's grouping.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) {
        UIController.openJobs(ui.queueGrouping == .queue ? UIState.JobScope(queue: id) : UIState.JobScope(priorityClass: id), ui: &ui)
    }
}

import FleetCore
import FleetTUI

/// `:approvals` — open override requests and disputes, most urgent first, with their SLA timers counting down;
/// then recently decided ones.
enum ApprovalsPane {
    // Status and the countdown come before level and requester so that 80 columns still show them.
    static let columns = [
        ListColumn("ID", .text, width: .fixed(7)), ListColumn("URGENCY", .number, width: .fixed(8)), ListColumn("KIND", .text, width: .fixed(11)),
        ListColumn("TEAM", .text, width: .fixed(12)), ListColumn("AMOUNT", .text, width: .fixed(14)),
        ListColumn("STATUS", .text, width: .fixed(12)), ListColumn("DUE IN", .duration, width: .fixed(8), alignment: .right),
        ListColumn("LEVEL", .text, width: .fixed(12)), ListColumn("BY", .text, width: .fixed(10)),
        ListColumn("JUSTIFICATION", .text, width: .flexible(minimum: 12, weight: 1)),
    ]

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        // The countdowns read the wall clock.
        ctx.rows(.approvals, ui: ui, readsWallClock: true) { buildRows(ui: ui, ctx: ctx) }
    }

    private static func buildRows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        let all = queue(ctx).map { row($0, now: ctx.wallNow) }
        return ListSort.apply(ui.sort[.approvals], to: Rows.filter(all, by: ui.filters[.approvals], text: \.searchText), columns: columns)
    }

    /// The rows without sort or filter: ids in queue order, cells built only for the rows drawn (10,000 requests'
    /// cells cost more than the frame). Nil when the user sorted or filtered (every row's cells are needed then).
    static func lazyRows(ui: UIState, ctx: FrameContext) -> LazyRows? {
        guard ui.sort[.approvals] == nil, ui.filters[.approvals].map({ $0.isEmpty || $0 == "!" }) ?? true else { return nil }
        let order = ctx.cached(QueueOrderKey()) {
            let indices = ApprovalQueue.order(ctx.state, includeClosed: true)
            let requests = ctx.state.governance?.requests ?? []
            return QueueOrder(indices: indices, ids: indices.map { requests[$0].id })
        }
        let prices = ctx.cached(PricesKey()) { Effects.MeanPrices(ctx.state) }
        return LazyRows(ids: order.ids) { i in
            guard let requests = ctx.state.governance?.requests, requests.indices.contains(order.indices[i]) else { return [] }
            return row(ApprovalQueue.row(requests[order.indices[i]], ctx.state, now: ctx.wallNow, prices: prices), now: ctx.wallNow).cells
        }
    }

    /// The queue (open requests most urgent first, then closed ones), derived once per state and wall clock.
    private static func queue(_ ctx: FrameContext) -> [ApprovalQueue.Row] {
        ctx.cached(QueueKey(wallNow: ctx.wallNow)) { ApprovalQueue.rows(ctx.state, now: ctx.wallNow, includeClosed: true) }
    }

    /// The cache key of the queue: deadlines and "overdue" read the wall clock.
    private struct QueueKey: Hashable {
        var wallNow: Double
    }

    /// The cache key of the queue's order (which reads no clock).
    private struct QueueOrderKey: Hashable {}

    /// The cache key of the mean prices that a request's approvers depend on.
    private struct PricesKey: Hashable {}

    /// The queue as indices into the state's requests and their ids, as kept in the cache (a struct: casting it back
    /// is one type check).
    private struct QueueOrder {
        var indices: [Int]
        var ids: [String]
    }

    private static func row(_ row: ApprovalQueue.Row, now: Double) -> ListRow {
        let r = row.request
        let due: String, dueRole: Role?, dueKey: SortKey
        if r.status.isOpen {
            let left = row.deadline - now
            dueKey = .duration(ifKnown: left)
            // Past the decision SLA the countdown goes negative (and red).
            due = row.overdue ? "-" + DurationFormat.short(now - row.deadline) : left <= 0 ? "now" : DurationFormat.short(left)
            dueRole = row.overdue ? .critical : left < 900 ? .warn : nil
        } else {
            due = r.isInEffect(at: now) ? "in force" : "—"
            dueKey = .missing
            dueRole = r.isInEffect(at: now) ? .ok : .muted
        }
        let status = r.status == .pending && r.approvals.count > 0 ? "\(r.approvals.count)/\(row.approversNeeded) approved" : r.status.rawValue
        let statusRole: Role? = switch r.status {
        case .pending: nil
        case .needsInfo: .warn
        case .approved: .ok
        case .denied, .withdrawn, .expired: .muted
        }
        return ListRow(id: r.id, [
            .text(r.id),
            ListField(TableCell(r.urgency.rawValue, role: r.urgency == .critical ? .critical : r.urgency == .high ? .warn : nil),
                      .number(Double(r.urgency.rank))),
            .text(r.kind.rawValue), .text(r.team + (r.againstTeam.map { " vs \($0)" } ?? "")),
            ListField(TableCell(r.amountText), r.gpus == nil && r.dollars == nil ? .missing : .text(r.amountText)),
            ListField(TableCell(status, role: statusRole), .text(status)), ListField(TableCell(due, role: dueRole), dueKey),
            .text(row.levelName), .text(r.requester), .text(r.justification, missing: ""),
        ])
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let open = ctx.state.governance?.requests.count { $0.status.isOpen } ?? 0
        let who = ctx.identity.isEmpty ? "" : ctx.identityRoles.isEmpty ? " · you may only view"
            : " · you decide as \(ctx.identityRoles.map(sanitizeForTerminal).joined(separator: ", "))"
        ListPane.draw(title: "APPROVALS · \(open) open, most urgent first · DUE IN: to SLA or escalation, − overdue\(who)", columns: columns,
                      rows: lazyRows(ui: ui, ctx: ctx) ?? LazyRows(rows(ui: ui, ctx: ctx)), total: ctx.state.governance?.requests.count ?? 0,
                      emptyText: ctx.readOnly ? "no requests" : "no requests: n files one (or fleetdeck request override …)",
                      pane: .approvals, ui: ui, into: &buffer, in: rect, theme: ctx.theme)
    }
}

extension ApprovalsPane: PaneDefinition {
    static func ids(ui: UIState, ctx: FrameContext) -> [String] { lazyRows(ui: ui, ctx: ctx)?.ids ?? rows(ui: ui, ctx: ctx).map(\.id) }

    /// Every request with its deadline, most urgent first.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] { RequestJSON.approvals(ctx) }

    /// The request's detail, where it can be decided.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) { ui.overlay = .request(id) }
}

import FleetCore
import FleetTUI

/// `:alerts` — fleetdeck's rule alerts and Alertmanager's, firing first, with acks and silences; A acks, s silences.
public enum AlertsPane {
    static let columns = [
        ListColumn("SEVERITY", .text, width: .fixed(8)), ListColumn("STATE", .text, width: .fixed(8)),
        ListColumn("RULE", .text, width: .fixed(16)), ListColumn("SUBJECT", .text, width: .fixed(18)),
        ListColumn("MESSAGE", .text, width: .flexible(minimum: 20, weight: 3)),
        ListColumn("SINCE", .duration, width: .fixed(6), alignment: .right),
        ListColumn("ACK / SILENCE", .text, width: .flexible(minimum: 12, weight: 1)), ListColumn("SOURCE", .text, width: .fixed(12)),
    ]

    /// The rows behind the pane, for the controller and snapshots.
    static func alertRows(ctx: FrameContext) -> [AlertRow] { rows(kpis: ctx.kpis, state: ctx.state, wallNow: ctx.wallNow) }

    /// Rule alerts and Alertmanager's with their acks and silences (what acks are checked against).
    public static func rows(kpis: FleetKPIs, state: FleetState, wallNow: Double) -> [AlertRow] {
        (state.governance?.alerts ?? AlertBook()).rows(derived: kpis.alerts, now: wallNow)
    }

    /// The alert with this fingerprint.
    static func alert(id: String, ctx: FrameContext) -> AlertRow? { alertRows(ctx: ctx).first { $0.fingerprint == id } }

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] { rows(ui: ui, ctx: ctx, alerts: alertRows(ctx: ctx)) }

    static func rows(ui: UIState, ctx: FrameContext, alerts: [AlertRow]) -> [ListRow] {
        let all = alerts.map { a -> ListRow in
            let note = a.silencedBy.map { "silence \($0)" } ?? a.ack.map { "\($0.by): \($0.comment)" } ?? ""
            let severityRole: Role = a.state != .firing ? .muted : a.severity.role
            // fleetdeck's own alerts are timed by the fleet clock, Alertmanager's by the wall clock.
            let age = a.since.map { max(0, (a.source == .fleetdeck ? ctx.state.now : ctx.wallNow) - $0) }
            return ListRow(id: a.fingerprint, [
                .text(a.severity.rawValue, role: severityRole), .text(a.state.rawValue, role: a.state == .firing ? severityRole : .muted),
                .text(a.rule), .text(a.subject), .text(a.message + (a.origin.rule?.hint ?? "")),
                .duration(age),
                .text(note, missing: "", role: .muted), .text(a.source.rawValue),
            ])
        }
        return ListSort.apply(ui.sort[.alerts], to: Rows.filter(all, by: ui.filters[.alerts], text: \.searchText), columns: columns)
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let rows = alertRows(ctx: ctx)
        let firing = rows.count { $0.state == .firing }
        let silences = (ctx.state.governance?.alerts.silences ?? []).filter { $0.isActive(at: ctx.wallNow) }.count
        ListPane.draw(title: "ALERTS · \(firing) firing, \(rows.count - firing) acked or silenced · \(silences) active silences", columns: columns,
                      rows: self.rows(ui: ui, ctx: ctx, alerts: rows), total: rows.count, emptyText: "no alerts: every rule is quiet",
                      pane: .alerts, ui: ui, into: &buffer, in: rect, theme: ctx.theme)
    }
}

extension AlertsPane: PaneDefinition {
    /// Enter opens the pane that shows what the alert's rule is about.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) {
        guard let pane = alert(id: id, ctx: ctx)?.origin.rule?.pane else { return }
        UIController.open(pane, ui: &ui)
    }

    /// Every alert with its ack or silence.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] { RequestJSON.alerts(ctx) }
}

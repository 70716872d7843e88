import FleetCore
import Foundation

/// Requests and alerts as JSON-ready values: `snapshot --pane approvals|alerts --json` and `request list|show --json`.
/// Money is in cents, GPU-hours as measured, times (Unix) and durations in whole seconds.
public enum RequestJSON {
    /// One request with its deadline; with `detailed`, its impact and plan too (those look at every GPU and job, so
    /// lists leave them out). Missing figures are null.
    public static func object(_ row: ApprovalQueue.Row, _ s: FleetState, now: Double, detailed: Bool = false) -> [String: Any] {
        let r = row.request
        let optional = { (v: Any?) -> Any in v ?? NSNull() }
        let seconds = { (v: Double?) -> Any in JSONValue.of(v, JSONNumber.seconds) }
        var object: [String: Any] = [
            "id": r.id, "kind": r.kind.rawValue, "team": r.team, "against_team": optional(r.againstTeam), "requester": r.requester,
            "gpus": optional(r.gpus), "hours": JSONValue.of(r.hours, JSONNumber.measured),
            "dollars": JSONValue.of(r.dollars, JSONNumber.money), "justification": r.justification,
            "ticket": r.ticket, "urgency": r.urgency.rawValue, "status": r.status.rawValue, "approvals": r.approvals,
            "approvers_needed": row.approversNeeded, "level": row.levelName, "deadline": seconds(row.deadline),
            "seconds_left": seconds(r.status.isOpen ? row.deadline - now : nil), "overdue": row.overdue,
            "window_start": seconds(r.windowStart), "window_end": seconds(r.windowEnd), "expires_at": seconds(r.expiresAt),
            "filed_at": seconds(r.filedAt), "decided_by": optional(r.decidedBy), "decided_at": seconds(r.decidedAt),
            "in_force": r.isInEffect(at: now),
            "trail": r.notes.map { ["at": seconds($0.at), "actor": $0.actor, "action": $0.action, "reason": $0.reason] },
        ]
        guard detailed else { return object }
        let impact = Effects.impact(r, s)
        let plan = OverridePlan.plan(r, s)
        object["cost"] = JSONValue.of(impact.cost, JSONNumber.money)
        object["quota_before"] = optional(impact.quotaBefore)
        object["quota_after"] = optional(impact.quotaAfter)
        object["free_gpus"] = impact.freeGPUs
        object["displaced"] = impact.displaced.map { ["job": $0.jobID, "team": $0.team, "class": $0.className, "gpus": $0.gpus] }
        object["plan"] = ["scheduler": plan.scheduler, "apply": plan.apply, "revert": plan.revert, "note": plan.note]
        object["executions"] = (s.governance?.executions ?? []).filter { $0.requestID == r.id }.map {
            ["phase": $0.phase, "command": $0.command, "exit_code": optional($0.exitCode), "output": $0.output, "at": seconds($0.at)]
        }
        return object
    }

    /// The approvals pane: open requests first, then closed ones kept in the state.
    static func approvals(_ ctx: FrameContext) -> [String: Any] {
        let rows = ApprovalQueue.rows(ctx.state, now: ctx.wallNow, includeClosed: true)
        return ["pane": "approvals", "identity": ctx.identity, "roles": ctx.identityRoles,
                "open": rows.filter { $0.request.status.isOpen }.count,
                "requests": rows.map { object($0, ctx.state, now: ctx.wallNow) }]
    }

    /// The alerts pane: every alert with its state, ack and silence, plus active silences.
    static func alerts(_ ctx: FrameContext) -> [String: Any] {
        let rows = AlertsPane.alertRows(ctx: ctx)
        let silences = (ctx.state.governance?.alerts.silences ?? []).filter { $0.endsAt > ctx.wallNow }
        return ["pane": "alerts",
                "alerts": rows.map { a -> [String: Any] in
                    ["fingerprint": a.fingerprint, "severity": a.severity.rawValue, "state": a.state.rawValue, "rule": a.rule,
                     "subject": a.subject, "message": a.message, "source": a.source.rawValue, "since": JSONValue.of(a.since, JSONNumber.seconds), "labels": a.labels,
                     "acked_by": a.ack?.by ?? NSNull(), "ack_comment": a.ack?.comment ?? NSNull(), "silenced_by": a.silencedBy ?? NSNull()]
                },
                "silences": silences.map { s -> [String: Any] in
                    ["id": s.id, "matchers": s.matchers.map(\.description), "starts_at": JSONValue.of(s.startsAt, JSONNumber.seconds),
                     "ends_at": JSONValue.of(s.endsAt, JSONNumber.seconds),
                     "created_by": s.createdBy, "comment": s.comment]
                }]
    }
}

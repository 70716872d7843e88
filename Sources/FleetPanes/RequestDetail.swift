import FleetCore
import FleetTUI

/// Lines of a request's detail: what is asked, its impact (what it displaces, cost, quota and budget effect), the
/// scheduler plan, executions and the decision trail.
public enum RequestDetail {
    /// The detail of `r` as of wall time `now`.
    public static func lines(_ r: OverrideRequest, _ s: FleetState, now: Double) -> [String] {
        let row = ApprovalQueue.row(r, s, now: now)
        let clean = sanitizeForTerminal
        var lines = ["\(r.id) · \(r.kind.rawValue) for \(clean(r.team))\(r.againstTeam.map { " vs \(clean($0))" } ?? "") · \(r.amountText)"
                     + " · \(r.urgency.rawValue) · filed by \(clean(r.requester)) \(DurationFormat.short(now - r.filedAt)) ago"
                     + (r.ticket.isEmpty ? "" : " · ticket \(clean(r.ticket))")]
        lines.append("why       \(clean(r.justification))")
        lines.append("window    \(UTCCalendar.format(r.windowStart))–\(UTCCalendar.format(r.windowEnd)) UTC · lapses undecided \(UTCCalendar.format(r.expiresAt))")
        let status = r.status.isOpen
            ? "\(r.status.rawValue) at \(clean(row.levelName)) · \(row.overdue ? "OVERDUE" : "due in \(DurationFormat.short(row.deadline - now))")"
              + " · needs \(row.approversNeeded) approver\(row.approversNeeded > 1 ? "s" : "")"
              + (r.approvals.isEmpty ? "" : " (so far: \(r.approvals.map(clean).joined(separator: ", ")))")
            : "\(r.status.rawValue) by \(clean(r.decidedBy ?? "?"))" + (r.isInEffect(at: now) ? " · IN FORCE: \(Effects.effect(r, s))" : "")
        lines.append("status    \(status)")
        let impact = Effects.impact(r, s)
        var effect = "impact    \(Effects.effect(r, s))"
        if let cost = impact.cost { effect += " · cost \(Format.money(cost))" }
        if let budget = impact.budget, let mtd = impact.monthToDate, let cost = impact.cost {
            effect += " · budget \(Int(saturating: (mtd / max(1, budget) * 100).rounded())) % → \(Int(saturating: ((mtd + cost) / max(1, budget) * 100).rounded())) %"
        }
        lines.append(effect)
        if r.kind.isCapacity {
            if impact.displaced.isEmpty {
                lines.append("displaces nothing: \(impact.freeGPUs) GPUs free where it would run")
            } else {
                var byTeam: [String: Int] = [:]
                for d in impact.displaced { byTeam[d.team, default: 0] += d.gpus }
                lines.append("displaces \(impact.displaced.count) jobs (\(impact.freeGPUs) GPUs free): "
                             + byTeam.sorted { $0.value > $1.value }.map { "\(clean($0.key)) −\($0.value) GPUs" }.joined(separator: ", ")
                             + (impact.shortfall > 0 ? " · still \(impact.shortfall) GPUs short" : ""))
                for d in impact.displaced.prefix(4) { lines.append("  \(clean(d.jobID)) \(clean(d.team)) \(d.className) \(d.gpus) GPUs") }
                if impact.displaced.count > 4 { lines.append("  … and \(impact.displaced.count - 4) more") }
            }
        }
        let plan = OverridePlan.plan(r, s)
        let executes = (s.policy?.rules ?? PolicyRules()).governanceOrDefault.executePlans
        lines.append("plan      \(plan.scheduler)\(plan.apply.isEmpty ? ": \(plan.note)" : executes ? " (executed when approved)" : " (dry run)")")
        for command in plan.apply.prefix(3) { lines.append("  apply   \(clean(command))") }
        if plan.apply.count > 3 { lines.append("  … and \(plan.apply.count - 3) more") }
        for command in plan.revert.prefix(1) { lines.append("  revert  \(clean(command))") }
        for e in (s.governance?.executions ?? []).filter({ $0.requestID == r.id }).suffix(3) {
            lines.append("  ran     \(clean(e.command)) → \(e.exitCode.map { "exit \($0)" } ?? "dry run")\(e.output.isEmpty ? "" : ": \(clean(e.output))")")
        }
        lines.append("trail")
        for note in r.notes.suffix(6) {
            lines.append("  \(UTCCalendar.format(note.at)) \(clean(note.actor)) \(note.action): \(clean(note.reason))")
        }
        return lines
    }
}

import FleetCore
import FleetTUI

extension UIController {
    /// Opens the form for a governance key: a decision on the selected (or open) request, a new request, an ack or
    /// a silence of the selected alert. Read-only dashboards never get here (the keys are not bound).
    static func governanceAction(_ action: UIAction, ui: inout UIState, ctx: FrameContext) {
        let selected = selectedID(ui: ui, ctx: ctx)
        switch action {
        case .newRequest:
            ui.form = GovernanceForm.request(teams: ctx.state.org.teams.map(\.name))
        case .approve, .deny, .escalate, .askInfo, .withdraw:
            let verb: GovernanceVerb = switch action {
            case .approve: .approve
            case .deny: .deny
            case .escalate: .escalate
            case .withdraw: .withdraw
            default: .ask
            }
            guard let id = ui.overlay?.request ?? (ui.pane == .approvals ? selected : nil),
                  let request = ctx.state.governance?.request(id) else { ui.message = "no request selected"; return }
            guard request.status.isOpen else { ui.message = "\(id) is already \(request.status.rawValue)"; return }
            // Refuse early what the policy would refuse anyway; the runtime checks again on the newest state.
            if let refusal = Permissions.refusal(verb, request, actor: ctx.identity, rules: ctx.state.policy?.rules ?? PolicyRules(), org: ctx.state.org) {
                ui.message = refusal
                return
            }
            ui.form = GovernanceForm.decision(verb, request)
        case .endSilence:
            guard let id = selected, let silence = AlertsPane.alert(id: id, ctx: ctx)?.silencedBy else { ui.message = "the selected alert is not silenced"; return }
            ui.form = GovernanceForm.endSilence(silence)
        case .ackAlert, .silenceAlert:
            guard let id = selected, let alert = AlertsPane.alert(id: id, ctx: ctx) else { ui.message = "no alert selected"; return }
            ui.form = action == .ackAlert ? GovernanceForm.ack(alert: id, subject: alert.subject)
                : GovernanceForm.silence(matchers: ["alertname=\(alert.rule)", "subject=\(alert.subject)"], subject: alert.subject)
        default:
            break
        }
    }
}

import Foundation
import FleetCore
import FleetTUI

/// What a confirmed governance form asks the runtime to do (the runtime performs it and reports the outcome).
public enum GovernanceIntent: Sendable, Equatable {
    case file(RequestDraft)
    case act(GovernanceVerb, id: String, reason: String)
    /// Acknowledge an alert (by fingerprint) with a comment.
    case ack(alert: String, comment: String)
    /// Silence alerts matching every matcher for `seconds`.
    case silence(matchers: [String], seconds: Double, comment: String)
    /// End a silence now.
    case endSilence(id: String, comment: String)
    /// Record a review board's decision or action item.
    case recordDecision(ReviewDecisionDraft)
}

/// One field of a form: free text, or a choice among `choices` (←/→).
public struct FormField: Sendable, Equatable {
    public var name: String
    public var value: String
    public var choices: [String]
    public var required: Bool
    init(_ name: String, _ value: String = "", choices: [String] = [], required: Bool = false) {
        self.name = name
        self.value = value
        self.choices = choices
        self.required = required
    }
}

/// A form over the screen: a decision's reason, a new request, an ack, a silence or a review board's decision; then a
/// confirm step whose default (Enter) is to go back.
public struct GovernanceForm: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        case decision(GovernanceVerb, id: String)
        case request
        case ack(alert: String)
        case endSilence(id: String)
        case silence
        /// A review board's decision or action item for the period.
        case reviewDecision(ReviewPeriod)
    }

    public var purpose: Purpose
    public var title: String
    public var fields: [FormField]
    public var focus = 0
    public var confirming = false
    public var error: String?

    /// The reason prompt of a decision on request `id`.
    static func decision(_ verb: GovernanceVerb, _ request: OverrideRequest) -> GovernanceForm {
        GovernanceForm(purpose: .decision(verb, id: request.id),
                       title: "\(verb.rawValue) \(request.id): \(request.kind.rawValue) for \(sanitizeForTerminal(request.team)), \(request.amountText)",
                       fields: [FormField("reason", required: true)])
    }

    /// The new-request form, with the org's teams to choose from.
    static func request(teams: [String]) -> GovernanceForm {
        GovernanceForm(purpose: .request, title: "new override request", fields: [
            FormField("kind", RequestKind.quota.rawValue, choices: RequestKind.allCases.map(\.rawValue)),
            FormField("team", teams.first ?? "", choices: teams),
            FormField("gpus"), FormField("hours"), FormField("dollars"),
            FormField("urgency", Urgency.normal.rawValue, choices: Urgency.allCases.map(\.rawValue)),
            FormField("against", "—", choices: ["—"] + teams),
            FormField("ticket"),
            FormField("justification", required: true),
        ])
    }

    /// The ack prompt of an alert.
    static func ack(alert: String, subject: String) -> GovernanceForm {
        GovernanceForm(purpose: .ack(alert: alert), title: "acknowledge: \(sanitizeForTerminal(subject))", fields: [FormField("comment", required: true)])
    }

    /// The prompt to end silence `id`.
    static func endSilence(_ id: String) -> GovernanceForm {
        GovernanceForm(purpose: .endSilence(id: id), title: "end silence \(sanitizeForTerminal(id))", fields: [FormField("comment", required: true)])
    }

    /// The silence form, with matchers taken from the alert's labels.
    static func silence(matchers: [String], subject: String) -> GovernanceForm {
        GovernanceForm(purpose: .silence, title: "silence alerts like: \(sanitizeForTerminal(subject))", fields: [
            FormField("matchers", matchers.joined(separator: " "), required: true),
            FormField("duration", "2h", required: true),
            FormField("comment", required: true),
        ])
    }

    /// The review's decision log form for `period`: kind, text, owner and an optional due date.
    static func reviewDecision(period: ReviewPeriod) -> GovernanceForm {
        GovernanceForm(purpose: .reviewDecision(period), title: "record a decision or action item for \(period.label)", fields: [
            FormField("kind", ReviewDecision.Kind.decision.rawValue, choices: ReviewDecision.Kind.allCases.map(\.rawValue)),
            FormField("text", required: true),
            FormField("owner", required: true),
            FormField("due (YYYY-MM-DD)"),
        ])
    }

    func value(_ name: String) -> String { fields.first { $0.name == name }?.value ?? "" }

    /// The intent the form describes, or why it is not complete yet.
    func intent() -> Result<GovernanceIntent, FormError> {
        if let missing = fields.first(where: { $0.required && $0.value.trimmingCharacters(in: .whitespaces).isEmpty }) {
            return .failure(FormError("\(missing.name) is required"))
        }
        switch purpose {
        case let .decision(verb, id): return .success(.act(verb, id: id, reason: value("reason")))
        case .ack(let alert): return .success(.ack(alert: alert, comment: value("comment")))
        case .reviewDecision(let period):
            let due = value("due (YYYY-MM-DD)").trimmingCharacters(in: .whitespaces)
            if !due.isEmpty, ReviewDecisionDraft.parseDay(due) == nil { return .failure(FormError("due: write a date as 2026-12-15")) }
            return .success(.recordDecision(ReviewDecisionDraft(kind: ReviewDecision.Kind(rawValue: value("kind")) ?? .decision, text: value("text"),
                                                                owner: value("owner"), due: due, period: period)))
        case .endSilence(let id): return .success(.endSilence(id: id, comment: value("comment")))
        case .silence:
            guard let seconds = DurationFormat.parse(value("duration")), seconds > 0 else { return .failure(FormError("duration: write e.g. 30m, 2h or 1d")) }
            return .success(.silence(matchers: value("matchers").split(separator: " ").map(String.init), seconds: seconds, comment: value("comment")))
        case .request:
            let number = { (name: String) -> Double? in Double(value(name).trimmingCharacters(in: .whitespaces)) }
            for name in ["gpus", "hours", "dollars"] where !value(name).isEmpty && number(name) == nil {
                return .failure(FormError("\(name): not a number"))
            }
            return .success(.file(RequestDraft(kind: RequestKind(rawValue: value("kind")) ?? .quota, team: value("team"),
                                               againstTeam: value("against") == "—" ? nil : value("against"),
                                               gpus: number("gpus").map { Int($0) }, hours: number("hours"), dollars: number("dollars"),
                                               justification: value("justification"), ticket: value("ticket"),
                                               urgency: Urgency(rawValue: value("urgency")) ?? .normal)))
        }
    }

    /// The confirm step's question.
    var question: String {
        switch purpose {
        case let .decision(verb, id): "\(verb.rawValue.capitalized) \(id)?"
        case .request: "File this request?"
        case .ack: "Acknowledge this alert?"
        case .endSilence(let id): "End silence \(id) now?"
        case .silence: "Create this silence?"
        case .reviewDecision(let period): "Record this for \(period.label)?"
        }
    }
}

/// A form that cannot be submitted yet.
public struct FormError: Error, Sendable, Equatable {
    public let message: String
    init(_ message: String) { self.message = message }
}

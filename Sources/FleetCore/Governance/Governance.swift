/// What someone fills in to file a request; `Governance.file` checks it.
public struct RequestDraft: Sendable, Hashable {
    public var kind: RequestKind
    public var team: String
    public var againstTeam: String?
    public var gpus: Int?
    public var hours: Double?
    public var dollars: Double?
    public var justification: String
    public var ticket: String
    public var urgency: Urgency
    /// Window start (nil = now).
    public var windowStart: Double?
    /// Seconds until an undecided request lapses (nil = the window's start plus its decision SLA × 4, at least a day).
    public var expiresIn: Double?
    /// A draft.
    public init(kind: RequestKind, team: String, againstTeam: String? = nil, gpus: Int? = nil, hours: Double? = nil, dollars: Double? = nil,
                justification: String, ticket: String = "", urgency: Urgency = .normal, windowStart: Double? = nil, expiresIn: Double? = nil) {
        self.kind = kind
        self.team = team
        self.againstTeam = againstTeam
        self.gpus = gpus
        self.hours = hours
        self.dollars = dollars
        self.justification = justification
        self.ticket = ticket
        self.urgency = urgency
        self.windowStart = windowStart
        self.expiresIn = expiresIn
    }
}

/// Why a governance action was refused.
public enum GovernanceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request or action is malformed.
    case invalid(String)
    case unknownRequest(String)
    /// Someone else decided first.
    case alreadyDecided(id: String, status: RequestStatus, by: String, at: Double)
    /// The acting identity may not do this.
    case notAllowed(String)

    public var description: String {
        switch self {
        case .invalid(let why): why
        case .unknownRequest(let id): "no request \(id)"
        case let .alreadyDecided(id, status, by, _): "\(id) was already \(status.rawValue) by \(by)"
        case .notAllowed(let why): why
        }
    }
}

/// What an action produces: the event to store, its audit record, and a line for the person who acted.
public struct GovernanceOutcome: Sendable, Hashable {
    public var event: GovernanceEvent
    public var audit: AuditRecord
    public var message: String
    /// The request as it now stands (nil for alert actions).
    public var request: OverrideRequest?

    /// An outcome.
    public init(event: GovernanceEvent, audit: AuditRecord, message: String, request: OverrideRequest? = nil) {
        self.event = event
        self.audit = audit
        self.message = message
        self.request = request
    }
}

/// The actions people take on requests.
public enum GovernanceVerb: String, Sendable, CaseIterable {
    case approve, deny, escalate
    /// Ask the requester for more information.
    case ask
    /// The requester answers a question.
    case answer
    case withdraw
}

/// Filing and deciding requests: pure functions of the state, the policy and the acting identity.
///
/// The caller runs them inside the store's write transaction on the newest state, so two approvers acting at once
/// are serialised and the second sees the first one's decision.
public enum Governance {
    /// Files `draft` as `actor`; the request gets the next id.
    public static func file(_ draft: RequestDraft, by actor: String, in s: FleetState, now: Double) -> Result<GovernanceOutcome, GovernanceError> {
        let rules = s.policy?.rules ?? PolicyRules()
        guard Permissions.isKnown(actor, rules: rules, org: s.org) else {
            return .failure(.notAllowed("\(actor) is not named in the policy (roles or team members): view only"))
        }
        if let problem = validate(draft, s) { return .failure(.invalid(problem)) }
        guard Permissions.mayFile(actor, for: draft.team, rules: rules, org: s.org) else {
            return .failure(.notAllowed("\(actor) is not a member of team \(draft.team) nor of any policy role"))
        }
        let governance = rules.governanceOrDefault
        let start = max(now, draft.windowStart ?? now)
        // A budget overrun holds for the rest of its month; capacity for the hours asked.
        let end = draft.kind == .budget ? UTCCalendar.nextMonthStart(after: UTCCalendar.monthStart(containing: start))
            : start + (draft.hours ?? 24) * 3600
        let expires = now + (draft.expiresIn ?? max(86_400, 4 * governance.decisionSLA(draft.urgency)))
        let id = "R-\(s.governance?.nextNumber ?? 1)"
        var request = OverrideRequest(id: id, kind: draft.kind, team: draft.team, againstTeam: draft.againstTeam, requester: actor,
                                      gpus: draft.gpus, hours: draft.hours, dollars: draft.dollars,
                                      justification: clean(draft.justification), ticket: clean(draft.ticket), urgency: draft.urgency,
                                      windowStart: start, windowEnd: end, expiresAt: expires, filedAt: now)
        request.notes = [RequestNote(at: now, actor: actor, action: "filed", reason: request.justification)]
        let audit = AuditRecord(at: now, actor: actor, action: "request.filed", subject: id, reason: request.justification,
                                before: "", after: "\(draft.kind.rawValue) for \(draft.team): \(request.amountText), \(draft.urgency.rawValue)"
                                    + (request.ticket.isEmpty ? "" : ", ticket \(request.ticket)"))
        return .success(GovernanceOutcome(event: .filed(request), audit: audit, message: "filed \(id)", request: request))
    }

    /// Applies `verb` to request `id` as `actor`, with a mandatory reason.
    public static func act(_ verb: GovernanceVerb, on id: String, by actor: String, reason: String, in s: FleetState,
                           now: Double) -> Result<GovernanceOutcome, GovernanceError> {
        let reason = clean(reason)
        guard !reason.trimmingSpaces.isEmpty else { return .failure(.invalid("a reason is required")) }
        guard var request = s.governance?.request(id) else { return .failure(.unknownRequest(id)) }
        guard request.status.isOpen else {
            return .failure(.alreadyDecided(id: id, status: request.status, by: request.decidedBy ?? "fleetdeck", at: request.decidedAt ?? now))
        }
        let rules = s.policy?.rules ?? PolicyRules()
        if let refusal = Permissions.refusal(verb, request, actor: actor, rules: rules, org: s.org) { return .failure(.notAllowed(refusal)) }
        let before = Effects.describe(request, s)
        var message: String
        switch verb {
        case .approve:
            request.approvals.append(actor)
            let needed = Permissions.approversNeeded(request, s)
            if request.approvals.count >= needed {
                request.status = .approved
                request.decidedBy = request.approvals.joined(separator: " + ")
                request.decidedAt = now
                message = "approved \(id)"
            } else {
                message = "approval 1 of \(needed) recorded for \(id); a second approver is needed"
            }
        case .deny:
            request.status = .denied
            request.decidedBy = actor
            request.decidedAt = now
            message = "denied \(id)"
        case .escalate:
            let ladder = rules.governanceOrDefault.ladder
            guard request.level + 1 < ladder.count else { return .failure(.invalid("\(id) is already at the top of the escalation ladder")) }
            request.level += 1
            request.levelSince = now
            message = "escalated \(id) to \(ladder[request.level].name)"
        case .ask:
            request.status = .needsInfo
            message = "asked \(request.requester) for information on \(id)"
        case .answer:
            request.status = .pending
            message = "answered on \(id); it is pending again"
        case .withdraw:
            request.status = .withdrawn
            request.decidedBy = actor
            request.decidedAt = now
            message = "withdrew \(id)"
        }
        request.notes.append(RequestNote(at: now, actor: actor, action: verb.rawValue, reason: reason))
        let audit = AuditRecord(at: now, actor: actor, action: "request.\(verb.auditName(request))", subject: id, reason: reason,
                                before: before, after: Effects.describe(request, s))
        return .success(GovernanceOutcome(event: .updated(request), audit: audit, message: message, request: request))
    }

    /// What the clock does by itself at `now`: undecided requests past their level's SLA move up the ladder, and
    /// requests past their expiry lapse. Recorded as actions of `fleetdeck`.
    public static func lapse(_ s: FleetState, now: Double) -> [GovernanceOutcome] {
        guard let governance = s.governance else { return [] }
        let ladder = (s.policy?.rules ?? PolicyRules()).governanceOrDefault.ladder
        var out: [GovernanceOutcome] = []
        for var request in governance.open {
            let before = Effects.describe(request, s)
            if now >= request.expiresAt {
                request.status = .expired
                request.decidedBy = "fleetdeck"
                request.decidedAt = now
                request.notes.append(RequestNote(at: now, actor: "fleetdeck", action: "expired", reason: "undecided at its expiry"))
                out.append(GovernanceOutcome(event: .updated(request), audit: AuditRecord(
                    at: now, actor: "fleetdeck", action: "request.expired", subject: request.id, reason: "undecided at its expiry",
                    before: before, after: "expired"), message: "\(request.id) expired", request: request))
            } else if request.level < ladder.count, request.level + 1 < ladder.count,
                      now >= request.levelSince + ladder[request.level].slaSeconds {
                let from = ladder[request.level]
                request.level += 1
                request.levelSince = now
                let why = "\(from.name) SLA \(Int(saturating: from.slaSeconds / 60))m lapsed"
                request.notes.append(RequestNote(at: now, actor: "fleetdeck", action: "escalated to \(ladder[request.level].name)", reason: why))
                out.append(GovernanceOutcome(event: .updated(request), audit: AuditRecord(
                    at: now, actor: "fleetdeck", action: "request.escalated", subject: request.id, reason: why,
                    before: "level \(from.name)", after: "level \(ladder[request.level].name)"),
                    message: "\(request.id) escalated to \(ladder[request.level].name)", request: request))
            }
        }
        return out
    }

    /// The first problem with a draft, if any.
    static func validate(_ d: RequestDraft, _ s: FleetState) -> String? {
        if s.teamIndex(named: d.team) == nil { return "team \(d.team) is not in the org tree" }
        if clean(d.justification).trimmingSpaces.isEmpty { return "a justification (--reason) is required" }
        if d.kind.isCapacity {
            guard let gpus = d.gpus, gpus > 0, gpus <= 100_000 else { return "\(d.kind.rawValue) requests need --gpus between 1 and 100000" }
            guard let hours = d.hours, hours > 0, hours <= 24 * 90 else { return "\(d.kind.rawValue) requests need --hours between 0 and 2160" }
        }
        if d.kind == .budget { guard let dollars = d.dollars, dollars > 0, dollars < 1e9 else { return "budget requests need --dollars above 0" } }
        if d.kind == .dispute {
            guard let other = d.againstTeam else { return "a dispute names the other team (--against)" }
            if s.teamIndex(named: other) == nil { return "team \(other) is not in the org tree" }
            if other == d.team { return "a dispute is between two different teams" }
        }
        if let e = d.expiresIn, e <= 0 { return "the expiry must be in the future" }
        return nil
    }

    /// Text as it is stored and shown: no control characters, at most `FeedText.maxLength` characters.
    static func clean(_ text: String) -> String { FeedText.clean(text) }
}

extension GovernanceVerb {
    /// Audit action name: a first approval of two is `approval-recorded`.
    func auditName(_ after: OverrideRequest) -> String {
        switch self {
        case .approve: after.status == .approved ? "approved" : "approval-recorded"
        case .deny: "denied"
        case .escalate: "escalated"
        case .ask: "info-requested"
        case .answer: "answered"
        case .withdraw: "withdrawn"
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map { index(after: $0) } ?? endIndex
        return start < end ? self[start..<end] : ""
    }
}

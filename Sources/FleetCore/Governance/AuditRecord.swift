/// One entry of the tamper-evident audit log: who did what to which subject, when, why, and what it changed.
///
/// The store hash-chains these records; this type is only their content.
public struct AuditRecord: Codable, Sendable, Hashable {
    /// Wall clock, epoch seconds.
    public var at: Double
    /// OS user who acted, or `fleetdeck` for what the tool did by itself (SLA escalation, expiry).
    public var actor: String
    /// What happened, e.g. `request.filed`, `request.approved`, `request.escalated`, `alert.acked`, `silence.created`,
    /// `action.executed`.
    public var action: String
    /// The request id, alert fingerprint or silence id acted on.
    public var subject: String
    public var reason: String
    /// The effect before and after, in words (e.g. "nlp quota 56 GPUs" → "nlp quota 88 GPUs until …").
    public var before: String
    public var after: String

    /// A record; `before`/`after` are empty when the action changes no effect.
    public init(at: Double, actor: String, action: String, subject: String, reason: String, before: String = "", after: String = "") {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.reason = reason
        self.before = before
        self.after = after
    }
}

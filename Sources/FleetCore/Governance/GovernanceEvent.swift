/// A scheduler command run (or shown, in a dry run) for an approved request, with what it printed.
public struct ExecutionRecord: Codable, Sendable, Hashable {
    public var requestID: String
    /// `apply` when the window opens, `revert` when it closes.
    public var phase: String
    public var command: String
    /// nil for a dry run (not executed).
    public var exitCode: Int32?
    public var output: String
    public var at: Double
    /// A record of one command.
    public init(requestID: String, phase: String, command: String, exitCode: Int32?, output: String, at: Double) {
        self.requestID = requestID
        self.phase = phase
        self.command = command
        self.exitCode = exitCode
        self.output = output
        self.at = at
    }
}

/// Facts of governance: requests and their decisions, executed plans. Decisions are computed (and permission
/// checked) before the event is written, so the reducer only records their outcome.
public enum GovernanceEvent: Codable, Sendable, Hashable {
    /// A new request.
    case filed(OverrideRequest)
    /// A request after a decision, escalation, expiry, withdrawal or answer (the whole new value).
    case updated(OverrideRequest)
    /// A plan command ran (or was shown as a dry run).
    case executed(ExecutionRecord)
    /// Someone acknowledged an alert.
    case alertAcked(AlertAck)
    /// A new silence.
    case silenced(Silence)
    /// A silence ended before its end time.
    case silenceExpired(id: String, at: Double)
    /// Alerts received from Alertmanager (firing replace, resolved remove).
    case alertsReceived([ExternalAlert])
    /// A review board's decision or action item.
    case reviewDecision(ReviewDecision)
}

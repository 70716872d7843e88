extension Governance {
    /// Acknowledges the alert with `fingerprint` (one of `rows`) as `actor`, with a mandatory comment.
    public static func ack(_ fingerprint: String, comment: String, by actor: String, rows: [AlertRow], in s: FleetState,
                           now: Double) -> Result<GovernanceOutcome, GovernanceError> {
        guard Permissions.isKnown(actor, rules: s.policy?.rules ?? PolicyRules(), org: s.org) else {
            return .failure(.notAllowed(Permissions.viewOnly(actor)))
        }
        let comment = clean(comment)
        guard !comment.trimmingSpaces.isEmpty else { return .failure(.invalid("a comment is required")) }
        guard let row = rows.first(where: { $0.fingerprint == fingerprint }) else { return .failure(.invalid("no alert \(fingerprint) is firing")) }
        if let ack = row.ack { return .failure(.alreadyDecided(id: fingerprint, status: .approved, by: ack.by, at: ack.at)) }
        let ack = AlertAck(fingerprint: fingerprint, by: actor, comment: comment, at: now)
        return .success(GovernanceOutcome(event: .alertAcked(ack), audit: AuditRecord(
            at: now, actor: actor, action: "alert.acked", subject: fingerprint, reason: comment, before: "\(row.state.rawValue): \(row.message)", after: AlertState.acked.rawValue),
            message: "acknowledged \(fingerprint)"))
    }

    /// Ends silence `id` now (Alertmanager's "expire"), as `actor`, with a mandatory comment.
    public static func expireSilence(_ id: String, comment: String, by actor: String, in s: FleetState,
                                     now: Double) -> Result<GovernanceOutcome, GovernanceError> {
        guard Permissions.isKnown(actor, rules: s.policy?.rules ?? PolicyRules(), org: s.org) else {
            return .failure(.notAllowed(Permissions.viewOnly(actor)))
        }
        let comment = clean(comment)
        guard !comment.trimmingSpaces.isEmpty else { return .failure(.invalid("a comment is required")) }
        guard let silence = s.governance?.alerts.silences.first(where: { $0.id == id }) else { return .failure(.invalid("no silence \(id)")) }
        guard silence.isActive(at: now) else { return .failure(.invalid("silence \(id) is not active")) }
        return .success(GovernanceOutcome(event: .silenceExpired(id: id, at: now), audit: AuditRecord(
            at: now, actor: actor, action: "silence.expired", subject: id, reason: comment,
            before: "silences {\(silence.matchers.map(\.description).joined(separator: " "))} until \(UTCCalendar.format(silence.endsAt)) UTC",
            after: "ended"), message: "ended silence \(id)"))
    }

    /// Creates a silence of every alert matching all `matchers` (`name=value`, `!=`, `=~`, `!~`) for `seconds` from now.
    public static func silence(matchers: [String], seconds: Double, comment: String, by actor: String, in s: FleetState,
                               now: Double) -> Result<GovernanceOutcome, GovernanceError> {
        guard Permissions.isKnown(actor, rules: s.policy?.rules ?? PolicyRules(), org: s.org) else {
            return .failure(.notAllowed(Permissions.viewOnly(actor)))
        }
        let comment = clean(comment)
        guard !comment.trimmingSpaces.isEmpty else { return .failure(.invalid("a comment is required")) }
        var parsed: [LabelMatcher] = []
        for text in matchers {
            switch LabelMatcher.parse(text) {
            case .success(let m): parsed.append(m)
            case .failure(let error): return .failure(.invalid("matcher \(clean(text)): \(error)"))
            }
        }
        let id = "S-\(s.governance?.alerts.nextSilenceNumber ?? 1)"
        let silence: Silence
        switch Silence.make(id: id, matchers: parsed, startsAt: now, endsAt: now + seconds, createdBy: actor, comment: comment) {
        case .success(let made): silence = made
        case .failure(let error): return .failure(.invalid("\(error)"))
        }
        let text = matchers.map(clean).joined(separator: " ")
        return .success(GovernanceOutcome(event: .silenced(silence), audit: AuditRecord(
            at: now, actor: actor, action: "silence.created", subject: id, reason: comment, before: "",
            after: "silences {\(text)} until \(UTCCalendar.format(now + seconds)) UTC"), message: "created silence \(id)"))
    }
}

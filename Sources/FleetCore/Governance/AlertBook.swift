/// An acknowledgement of an alert: who, when, with what comment.
public struct AlertAck: Codable, Sendable, Hashable {
    public var fingerprint: String
    public var by: String
    public var comment: String
    public var at: Double
    /// An ack.
    public init(fingerprint: String, by: String, comment: String, at: Double) {
        self.fingerprint = fingerprint
        self.by = by
        self.comment = comment
        self.at = at
    }
}

/// One row of the alerts pane: a fleetdeck rule's alert or one received from Alertmanager, with its ack and silence.
public struct AlertRow: Sendable, Hashable {
    public var fingerprint: String
    public var severity: AlertSeverity
    public var subject: String
    public var message: String
    /// The fleetdeck rule, or the Alertmanager alert name, that raised it.
    public var origin: AlertOrigin
    public var since: Double?
    public var labels: [String: String]
    public var ack: AlertAck?
    /// The silence muting it now, if any.
    public var silencedBy: String?
    /// Silenced, else acked, else firing.
    public var state: AlertState { silencedBy != nil ? .silenced : ack != nil ? .acked : .firing }
    /// fleetdeck or Alertmanager.
    public var source: AlertSource { origin.source }
    /// The rule's or Alertmanager alert's name.
    public var rule: String { origin.ruleName }
}

extension AlertState {
    /// Firing first, silenced last.
    fileprivate var rank: Int {
        switch self {
        case .firing: 0
        case .acked: 1
        case .silenced: 2
        }
    }
}

/// Acks, silences and alerts received from Alertmanager.
public struct AlertBook: Codable, Sendable, Hashable {
    public private(set) var acks: [String: AlertAck] = [:]
    public private(set) var silences: [Silence] = []
    /// Firing alerts received from Alertmanager, by fingerprint.
    public private(set) var external: [String: ExternalAlert] = [:]
    /// The number the next silence id gets ("S-<n>").
    public private(set) var nextSilenceNumber = 1
    /// Silences ended this long ago are dropped.
    static let keptSeconds = 7.0 * 86_400

    /// An empty book.
    public init() {}

    /// An ack holds this long: a rule alert that clears and fires again later needs a fresh look.
    public static let ackHoldsSeconds = 12.0 * 3600

    mutating func ack(_ a: AlertAck) {
        acks = acks.filter { a.at - $0.value.at < Self.ackHoldsSeconds }
        acks[a.fingerprint] = a
    }

    private func currentAck(_ fingerprint: String, now: Double) -> AlertAck? {
        acks[fingerprint].flatMap { now - $0.at < Self.ackHoldsSeconds ? $0 : nil }
    }

    mutating func add(_ silence: Silence) {
        silences.removeAll { $0.id == silence.id || $0.endsAt < silence.startsAt - Self.keptSeconds }
        silences.append(silence)
        if let n = Int(silence.id.dropFirst(2)), silence.id.hasPrefix("S-") { nextSilenceNumber = max(nextSilenceNumber, n + 1) }
    }

    mutating func expire(silence id: String, at: Double) {
        guard let i = silences.firstIndex(where: { $0.id == id }) else { return }
        silences[i].endsAt = min(silences[i].endsAt, at)
    }

    /// Firing alerts replace what was known by fingerprint; resolved ones are removed (and so are their acks).
    mutating func receive(_ alerts: [ExternalAlert]) {
        for a in alerts {
            if a.status == .resolved {
                external[a.fingerprint] = nil
                acks[a.fingerprint] = nil
            } else {
                external[a.fingerprint] = a
            }
        }
    }

    /// Rows for `derived` alerts plus Alertmanager's, critical first; acks of alerts no longer firing are ignored.
    public func rows(derived: [FleetAlert], now: Double) -> [AlertRow] {
        var rows = derived.map { a in
            AlertRow(fingerprint: a.fingerprint, severity: a.severity, subject: a.subject, message: a.message, origin: .rule(a.rule),
                     since: a.since, labels: a.labels, ack: currentAck(a.fingerprint, now: now), silencedBy: nil)
        }
        for a in external.values {
            let name = a.labels["alertname"] ?? "alert"
            let subject = a.labels["instance"] ?? a.labels["team"] ?? a.labels["job"] ?? name
            let message = a.annotations["summary"] ?? a.annotations["description"] ?? name
            rows.append(AlertRow(fingerprint: a.fingerprint, severity: AlertSeverity(label: a.labels["severity"]), subject: subject,
                                 message: message, origin: .alertmanager(alertname: name), since: a.startsAt,
                                 labels: a.labels, ack: currentAck(a.fingerprint, now: now), silencedBy: nil))
        }
        for i in rows.indices {
            rows[i].silencedBy = silences.first { $0.silences(rows[i].labels, at: now) }?.id
        }
        // Firing before acked before silenced; within each, the most severe first.
        let rank = { (r: AlertRow) in (r.state.rank, r.severity == .critical ? 0 : 1) }
        return rows.sorted { (rank($0).0, rank($0).1, $0.subject, $0.fingerprint) < (rank($1).0, rank($1).1, $1.subject, $1.fingerprint) }
    }
}

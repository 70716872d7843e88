/// How urgent an alert is.
public enum AlertSeverity: String, Codable, Sendable, Hashable, Comparable {
    case info, warning, critical

    /// The severity an Alertmanager `severity` label names; a missing or unknown label counts as a warning.
    public init(label: String?) {
        self = label.flatMap { Self(rawValue: $0.lowercased()) } ?? .warning
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }
}

/// The rule that raised one of fleetdeck's own alerts. Raw values are the rule names fingerprints, silences and
/// snapshots use, so they never change.
public enum AlertRule: String, Codable, Sendable, Hashable, CaseIterable {
    case nodeDown = "node-down"
    case nodeDrain = "node-drain"
    case hardware
    case queueWaitSLA = "queue-wait-sla"
    case queueDepth = "queue-depth"
    case policy
    case budget
    case staleFeed = "stale-feed"
    case idleGPUs = "idle-gpus"
    case quotaBreach = "quota-breach"
}

/// Where an alert row came from.
public enum AlertSource: String, Codable, Sendable, Hashable {
    /// A fleetdeck rule over the fleet state.
    case fleetdeck
    /// Received from Alertmanager.
    case alertmanager
}

/// Who raised an alert row: a fleetdeck rule, or Alertmanager under an alert name.
public enum AlertOrigin: Sendable, Hashable {
    case rule(AlertRule)
    case alertmanager(alertname: String)

    /// fleetdeck or Alertmanager.
    public var source: AlertSource {
        switch self {
        case .rule: .fleetdeck
        case .alertmanager: .alertmanager
        }
    }

    /// The rule's name or the Alertmanager alert name (the `alertname` silences match).
    public var ruleName: String {
        switch self {
        case .rule(let rule): rule.rawValue
        case .alertmanager(let name): name
        }
    }
}

/// Where an alert row stands with the people on call.
public enum AlertState: String, Codable, Sendable, Hashable {
    case firing, acked, silenced
}

extension AlertOrigin {
    /// The fleetdeck rule, when one raised it.
    public var rule: AlertRule? {
        if case .rule(let rule) = self { rule } else { nil }
    }
}

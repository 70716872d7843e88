/// One rung of the escalation ladder: who sees an undecided item and how long before it moves up.
public struct EscalationLevel: Codable, Sendable, Hashable {
    public var name: String
    /// The policy role whose members decide at this level.
    public var role: String
    public var slaSeconds: Double
    /// A rung.
    public init(name: String, role: String, slaSeconds: Double) {
        self.name = name
        self.role = role
        self.slaSeconds = slaSeconds
    }
}

/// The policy's governance section: when two approvers are needed, decision SLAs, the escalation ladder and
/// whether approved plans are executed.
public struct GovernanceRules: Codable, Sendable, Hashable {
    /// Requests above this many GPU-hours need two approvers.
    public var twoApproversAboveGPUHours: Double = 512
    /// Requests above this many dollars (budget overruns, or the cost of the capacity) need two approvers.
    public var twoApproversAboveDollars: Double = 25_000
    /// Run approved scheduler plans (otherwise they are shown as a dry run).
    public var executePlans = false
    /// Seconds to decide, by urgency raw value (`critical`, `high`, `normal`, `low`).
    public var decisionSLASeconds: [String: Double] = ["critical": 900, "high": 3600, "normal": 4 * 3600, "low": 24 * 3600]
    /// Escalation ladder, lowest first; empty = no automatic escalation.
    public var ladder: [EscalationLevel] = [
        EscalationLevel(name: "on-call", role: "on-call", slaSeconds: 900),
        EscalationLevel(name: "capacity review board", role: "capacity-board", slaSeconds: 4 * 3600),
        EscalationLevel(name: "executive sponsor", role: "executive", slaSeconds: 24 * 3600),
    ]
    /// Default: two approvers above 512 GPU-hours or $25,000; decide critical in 15 min; dry-run plans.
    public init() {}

    /// Seconds to decide a request of this urgency.
    public func decisionSLA(_ urgency: Urgency) -> Double { decisionSLASeconds[urgency.rawValue] ?? 4 * 3600 }
}

extension PolicyRules {
    /// The governance section, or its defaults.
    public var governanceOrDefault: GovernanceRules { governance ?? GovernanceRules() }

    /// Roles `user` is a member of.
    public func roles(of user: String) -> [PolicyRole] { roles.filter { $0.members.contains(user) } }
}

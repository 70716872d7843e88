/// The approvals queue: open requests by urgency and deadline, with their SLA timers.
public enum ApprovalQueue {
    /// A request with its deadline and escalation level.
    public struct Row: Sendable, Hashable {
        public var request: OverrideRequest
        /// When the next thing happens unless someone decides: the decision SLA, the level's SLA or the expiry.
        public var deadline: Double
        /// Name of the escalation level the request sits at ("—" without a ladder).
        public var levelName: String
        public var approversNeeded: Int
        /// Past the decision SLA.
        public var overdue: Bool
    }

    /// Open requests (and with `includeClosed`, closed ones after them, newest first), most urgent first.
    public static func rows(_ s: FleetState, now: Double, includeClosed: Bool = false) -> [Row] {
        guard let governance = s.governance else { return [] }
        let prices = Effects.MeanPrices(s)
        // The rules are read once for the whole queue, not once per request.
        let rules = (s.policy?.rules ?? PolicyRules()).governanceOrDefault
        func row(_ r: OverrideRequest) -> Row { Self.row(r, s, now: now, prices: prices, rules: rules) }
        // Requests are read in place and each copied once, into its row; the sort moves indices, not rows.
        var open: [Row] = [], closed: [Row] = []
        for i in governance.requests.indices {
            if governance.requests[i].status.isOpen {
                open.append(row(governance.requests[i]))
            } else if includeClosed {
                closed.append(row(governance.requests[i]))
            }
        }
        let keys = open.map { ($0.request.urgency.rank, $0.deadline, $0.request.filedAt) }
        let order = open.indices.sorted { a, b in keys[a] != keys[b] ? keys[a] < keys[b] : a < b }
        return order.map { open[$0] } + closed.reversed()
    }

    /// One request's row.
    public static func row(_ r: OverrideRequest, _ s: FleetState, now: Double, prices: Effects.MeanPrices? = nil) -> Row {
        row(r, s, now: now, prices: prices, rules: (s.policy?.rules ?? PolicyRules()).governanceOrDefault)
    }

    /// One request's row under the governance rules `g`.
    static func row(_ r: OverrideRequest, _ s: FleetState, now: Double, prices: Effects.MeanPrices?, rules g: GovernanceRules) -> Row {
        let decisionDue = r.filedAt + g.decisionSLA(r.urgency)
        var deadline = min(decisionDue, r.expiresAt)
        if r.level + 1 < g.ladder.count { deadline = min(deadline, r.levelSince + g.ladder[r.level].slaSeconds) }
        let level = r.level < g.ladder.count ? g.ladder[r.level].name : "—"
        return Row(request: r, deadline: deadline, levelName: level, approversNeeded: Permissions.approversNeeded(r, s, prices: prices, rules: g),
                   overdue: r.status.isOpen && now > decisionDue)
    }
}

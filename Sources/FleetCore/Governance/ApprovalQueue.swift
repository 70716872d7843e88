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
        return order(s, includeClosed: includeClosed).map { row(governance.requests[$0], s, now: now, prices: prices, rules: rules) }
    }

    /// The order of `rows` as indices into the state's requests, without building a row: what a list needs to place
    /// thousands of requests when it draws a page of them.
    public static func order(_ s: FleetState, includeClosed: Bool = false) -> [Int] {
        guard let governance = s.governance else { return [] }
        let rules = (s.policy?.rules ?? PolicyRules()).governanceOrDefault
        // Fields are read in place (a request is never copied) and the sort moves indices.
        var open: [Int] = [], closed: [Int] = [], keys: [(Int, Double, Double)] = []
        for i in governance.requests.indices {
            if governance.requests[i].status.isOpen {
                let urgency = governance.requests[i].urgency
                let deadline = deadline(rules, filedAt: governance.requests[i].filedAt, urgency: urgency,
                                        expiresAt: governance.requests[i].expiresAt, level: governance.requests[i].level,
                                        levelSince: governance.requests[i].levelSince)
                open.append(i)
                keys.append((urgency.rank, deadline, governance.requests[i].filedAt))
            } else if includeClosed {
                closed.append(i)
            }
        }
        let sorted = keys.indices.sorted { a, b in keys[a] != keys[b] ? keys[a] < keys[b] : a < b }
        return sorted.map { open[$0] } + closed.reversed()
    }

    /// When the next thing happens to a request unless someone decides: the decision SLA, its level's SLA or its expiry.
    static func deadline(_ g: GovernanceRules, filedAt: Double, urgency: Urgency, expiresAt: Double, level: Int, levelSince: Double) -> Double {
        var deadline = min(filedAt + g.decisionSLA(urgency), expiresAt)
        if level >= 0, level + 1 < g.ladder.count { deadline = min(deadline, levelSince + g.ladder[level].slaSeconds) }
        return deadline
    }

    /// One request's row.
    public static func row(_ r: OverrideRequest, _ s: FleetState, now: Double, prices: Effects.MeanPrices? = nil) -> Row {
        row(r, s, now: now, prices: prices, rules: (s.policy?.rules ?? PolicyRules()).governanceOrDefault)
    }

    /// One request's row under the governance rules `g`.
    static func row(_ r: OverrideRequest, _ s: FleetState, now: Double, prices: Effects.MeanPrices?, rules g: GovernanceRules) -> Row {
        let decisionDue = r.filedAt + g.decisionSLA(r.urgency)
        let deadline = deadline(g, filedAt: r.filedAt, urgency: r.urgency, expiresAt: r.expiresAt, level: r.level, levelSince: r.levelSince)
        let level = r.level < g.ladder.count ? g.ladder[r.level].name : "—"
        return Row(request: r, deadline: deadline, levelName: level, approversNeeded: Permissions.approversNeeded(r, s, prices: prices, rules: g),
                   overdue: r.status.isOpen && now > decisionDue)
    }
}

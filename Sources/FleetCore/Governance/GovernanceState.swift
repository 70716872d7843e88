/// Override requests with their decisions, and what was executed for them.
public struct GovernanceState: Codable, Sendable, Hashable {
    /// Every request still open, in effect or recently closed, in filing order.
    public private(set) var requests: [OverrideRequest] = []
    private var indexByID: [String: Int] = [:]
    /// The number the next request id gets ("R-<n>"): ids are never reused.
    public private(set) var nextNumber = 1
    /// The newest executed (or dry-run) plan commands, oldest first.
    public private(set) var executions: [ExecutionRecord] = []
    /// Acks, silences and Alertmanager's alerts.
    public private(set) var alerts = AlertBook()
    /// The review board's decisions and action items, oldest first (the newest `decisionsKept`).
    public private(set) var reviewDecisions: [ReviewDecision] = []
    /// The number the next decision id gets ("D-<n>").
    public private(set) var nextDecisionNumber = 1
    /// When the next prune can drop something: a cache of `requests`, neither stored nor compared.
    private var pruneDue = PruneDue()

    private enum CodingKeys: String, CodingKey {
        case requests, indexByID, nextNumber, executions, alerts, reviewDecisions, nextDecisionNumber
    }

    static let decisionsKept = 5000

    static let executionsKept = 500
    /// Closed requests are dropped from the state this long after their window ends (the audit log keeps them).
    static let closedKeptSeconds = 30.0 * 86_400

    /// An empty governance state.
    public init() {}

    /// Decodes a stored state; one stored before the decision log has none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        requests = try c.decode([OverrideRequest].self, forKey: .requests)
        indexByID = try c.decode([String: Int].self, forKey: .indexByID)
        nextNumber = try c.decode(Int.self, forKey: .nextNumber)
        executions = try c.decode([ExecutionRecord].self, forKey: .executions)
        alerts = try c.decode(AlertBook.self, forKey: .alerts)
        reviewDecisions = try c.decodeIfPresent([ReviewDecision].self, forKey: .reviewDecisions) ?? []
        nextDecisionNumber = try c.decodeIfPresent(Int.self, forKey: .nextDecisionNumber) ?? 1
    }

    /// The decisions and action items recorded for `period` or a period inside it, oldest first.
    public func decisions(in period: ReviewPeriod) -> [ReviewDecision] { reviewDecisions.filter { $0.belongs(to: period) } }

    /// The request with this id.
    public func request(_ id: String) -> OverrideRequest? { indexByID[id].map { requests[$0] } }

    /// Requests waiting for a decision.
    public var open: [OverrideRequest] { requests.filter { $0.status.isOpen } }

    /// Approved requests in their window at `now`.
    public func inEffect(at now: Double) -> [OverrideRequest] {
        // Tested on fields read in place: `filter`, or a method called on each element, copies every request (all
        // its strings retained and released) to test it.
        var out: [OverrideRequest] = []
        for i in requests.indices
        where OverrideRequest.isInEffect(requests[i].status, from: requests[i].windowStart, to: requests[i].windowEnd, at: now) {
            out.append(requests[i])
        }
        return out
    }

    mutating func apply(_ event: GovernanceEvent) {
        switch event {
        case .filed(let request):
            guard indexByID[request.id] == nil else { return }
            indexByID[request.id] = requests.count
            requests.append(request)
            if let n = Int(request.id.dropFirst(2)), request.id.hasPrefix("R-") { nextNumber = max(nextNumber, n + 1) }
            pruneDue.note(request)
            prune(now: request.filedAt)
        case .updated(let request):
            guard let i = indexByID[request.id] else { return }
            requests[i] = request
            pruneDue.note(request)
        case .executed(let record):
            executions.append(record)
            if executions.count > Self.executionsKept { executions.removeFirst(executions.count - Self.executionsKept) }
        case .alertAcked(let ack): alerts.ack(ack)
        case .silenced(let silence): alerts.add(silence)
        case let .silenceExpired(id, at): alerts.expire(silence: id, at: at)
        case .alertsReceived(let received): alerts.receive(received)
        case .reviewDecision(let decision):
            guard !reviewDecisions.contains(where: { $0.id == decision.id }) else { return }
            reviewDecisions.append(decision)
            if reviewDecisions.count > Self.decisionsKept { reviewDecisions.removeFirst(reviewDecisions.count - Self.decisionsKept) }
            if let n = Int(decision.id.dropFirst(2)), decision.id.hasPrefix("D-") { nextDecisionNumber = max(nextDecisionNumber, n + 1) }
        }
    }

    /// Drops requests closed (and out of their window) for a month, so the state stays bounded. Looks at the requests
    /// only when `pruneDue` says one may be old enough: a scan per filing made replaying n filings O(n²).
    private mutating func prune(now: Double) {
        guard pruneDue.isDue(at: now) else { return }
        requests.removeAll { Self.prunable($0, at: now) }
        indexByID = Dictionary(uniqueKeysWithValues: requests.enumerated().map { ($0.element.id, $0.offset) })
        pruneDue = .nothingClosed
        for request in requests { pruneDue.note(request) }
    }

    private static func prunable(_ request: OverrideRequest, at now: Double) -> Bool {
        !request.status.isOpen && PruneDue.closedSince(request) < now - closedKeptSeconds
    }
}

/// The earliest `closedSince` of a closed request (a lower bound), kept as requests are filed and updated. Equal to any
/// other: it is derived from the requests, and a decoded state starts from "unknown" (-∞: the next filing scans once).
private struct PruneDue: Hashable, Sendable {
    private var at = -Double.infinity
    /// Nothing closed: nothing to prune until a request closes.
    static let nothingClosed = PruneDue(at: .infinity)

    /// When a closed `request` stopped mattering: its window ended or it was decided, whichever is later.
    static func closedSince(_ request: OverrideRequest) -> Double { max(request.windowEnd, request.decidedAt ?? 0) }

    mutating func note(_ request: OverrideRequest) {
        if !request.status.isOpen { at = min(at, Self.closedSince(request)) }
    }

    func isDue(at now: Double) -> Bool { at < now - GovernanceState.closedKeptSeconds }

    static func == (_: Self, _: Self) -> Bool { true }
    func hash(into _: inout Hasher) {}
}

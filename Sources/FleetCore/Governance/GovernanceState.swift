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

    static let executionsKept = 500
    /// Closed requests are dropped from the state this long after their window ends (the audit log keeps them).
    static let closedKeptSeconds = 30.0 * 86_400

    /// An empty governance state.
    public init() {}

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
            prune(now: request.filedAt)
        case .updated(let request):
            guard let i = indexByID[request.id] else { return }
            requests[i] = request
        case .executed(let record):
            executions.append(record)
            if executions.count > Self.executionsKept { executions.removeFirst(executions.count - Self.executionsKept) }
        case .alertAcked(let ack): alerts.ack(ack)
        case .silenced(let silence): alerts.add(silence)
        case let .silenceExpired(id, at): alerts.expire(silence: id, at: at)
        case .alertsReceived(let received): alerts.receive(received)
        }
    }

    /// Drops requests closed (and out of their window) for a month, so the state stays bounded.
    private mutating func prune(now: Double) {
        let cutoff = now - Self.closedKeptSeconds
        guard requests.contains(where: { !$0.status.isOpen && max($0.windowEnd, $0.decidedAt ?? 0) < cutoff }) else { return }
        requests.removeAll { !$0.status.isOpen && max($0.windowEnd, $0.decidedAt ?? 0) < cutoff }
        indexByID = Dictionary(uniqueKeysWithValues: requests.enumerated().map { ($0.element.id, $0.offset) })
    }
}

/// What an override request asks for.
public enum RequestKind: String, Codable, Sendable, CaseIterable {
    /// More GPUs than the team's quota for a window.
    case quota
    /// The team's pending work ahead of others for a window.
    case priority
    /// Preempting lower-priority work to make room.
    case preemption
    /// Spending past the monthly budget.
    case budget
    /// Borrowing GPUs from the dedicated production-inference pool.
    case borrowProd = "borrow-prod"
    /// Emergency retraining (drift or a regulatory trigger).
    case retrain
    /// A dispute between teams with conflicting priority claims (an escalation).
    case dispute

    /// Kinds that change capacity for a window (and so carry GPUs × hours).
    public var isCapacity: Bool { self != .budget && self != .dispute }
}

/// How fast a decision is needed.
public enum Urgency: String, Codable, Sendable, CaseIterable, Comparable {
    case critical, high, normal, low
    /// Sort order: most urgent first.
    public var rank: Int { Urgency.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Urgency, b: Urgency) -> Bool { a.rank < b.rank }
}

/// Where a request stands.
public enum RequestStatus: String, Codable, Sendable, CaseIterable {
    case pending
    /// An approver asked the requester for more information.
    case needsInfo = "needs-info"
    case approved, denied, withdrawn, expired

    /// Still waiting for a decision.
    public var isOpen: Bool { self == .pending || self == .needsInfo }
}

/// One step in a request's life: filed, approved, escalated, …
public struct RequestNote: Codable, Sendable, Hashable {
    public var at: Double
    public var actor: String
    public var action: String
    public var reason: String
    /// A step.
    public init(at: Double, actor: String, action: String, reason: String) {
        self.at = at
        self.actor = actor
        self.action = action
        self.reason = reason
    }
}

/// An emergency override request or a dispute, with its decision trail. Times are wall clock (epoch seconds).
public struct OverrideRequest: Codable, Sendable, Hashable, Identifiable {
    /// "R-42".
    public var id: String
    public var kind: RequestKind
    public var team: String
    /// The other team of a dispute.
    public var againstTeam: String?
    /// OS user who filed it.
    public var requester: String
    public var gpus: Int?
    public var hours: Double?
    /// Money asked for (budget overruns), dollars.
    public var dollars: Double?
    public var justification: String
    public var ticket: String
    public var urgency: Urgency
    /// The window the override would apply in.
    public var windowStart: Double
    public var windowEnd: Double
    /// Undecided by then, the request lapses.
    public var expiresAt: Double
    public var filedAt: Double
    public var status: RequestStatus = .pending
    /// Approvers so far (two are needed above the policy's size).
    public var approvals: [String] = []
    /// Escalation level (index into the policy's ladder) and since when it is there.
    public var level = 0
    public var levelSince: Double
    public var decidedBy: String?
    public var decidedAt: Double?
    public var notes: [RequestNote] = []

    /// A new pending request at escalation level 0.
    public init(id: String, kind: RequestKind, team: String, againstTeam: String? = nil, requester: String, gpus: Int?, hours: Double?,
                dollars: Double?, justification: String, ticket: String, urgency: Urgency, windowStart: Double, windowEnd: Double,
                expiresAt: Double, filedAt: Double) {
        self.id = id
        self.kind = kind
        self.team = team
        self.againstTeam = againstTeam
        self.requester = requester
        self.gpus = gpus
        self.hours = hours
        self.dollars = dollars
        self.justification = justification
        self.ticket = ticket
        self.urgency = urgency
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.expiresAt = expiresAt
        self.filedAt = filedAt
        self.levelSince = filedAt
    }

    /// GPUs × hours asked for (0 when the request carries no capacity).
    public var gpuHours: Double { Double(gpus ?? 0) * (hours ?? 0) }

    /// Approved and inside its window at `now`.
    public func isInEffect(at now: Double) -> Bool { Self.isInEffect(status, from: windowStart, to: windowEnd, at: now) }

    /// The judgment on the fields alone, so that a list can test its requests without copying them.
    static func isInEffect(_ status: RequestStatus, from start: Double, to end: Double, at now: Double) -> Bool {
        status == .approved && start <= now && now < end
    }

    /// "32 GPUs × 12h", "$20,000" or "—".
    public var amountText: String {
        var parts: [String] = []
        if let gpus { parts.append("\(gpus) GPUs" + (hours.map { " × \(Self.hoursText($0))" } ?? "")) }
        if let dollars { parts.append("$\(Int(saturating: dollars.rounded()))") }
        return parts.isEmpty ? "—" : parts.joined(separator: " + ")
    }

    static func hoursText(_ h: Double) -> String { h == h.rounded() && abs(h) < 1e15 ? "\(Int(h))h" : "\(h)h" }
}

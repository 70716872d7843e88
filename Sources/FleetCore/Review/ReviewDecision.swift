/// A review board's decision or action item, recorded during a review of a period (`Governance.recordDecision`).
public struct ReviewDecision: Codable, Sendable, Hashable {
    /// What the board wrote down.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case decision, action
    }

    /// "D-<n>", never reused.
    public var id: String
    public var kind: Kind
    /// Cleaned of control characters, at most `ReviewDecisionDraft.maxText` characters.
    public var text: String
    /// Who carries it out.
    public var owner: String
    /// The due day (UTC midnight, epoch seconds); nil when none was given.
    public var due: Int?
    /// The period it was recorded for: its label ("2026-11") and [start, end).
    public var periodLabel: String
    public var periodStart: Int
    public var periodEnd: Int
    /// Who recorded it (the audit actor) and when (wall clock, epoch seconds).
    public var recordedBy: String
    public var recordedAt: Double

    /// Whether it was recorded for `period` or for a period inside it (a week's decisions show in its quarter).
    public func belongs(to period: ReviewPeriod) -> Bool {
        periodStart >= period.start && periodEnd <= period.end
    }
}

/// What the board fills in; `Governance.recordDecision` checks it.
public struct ReviewDecisionDraft: Sendable, Hashable {
    public var kind: ReviewDecision.Kind
    public var text: String
    public var owner: String
    /// "YYYY-MM-DD" or empty.
    public var due: String
    public var period: ReviewPeriod

    /// Longest text and owner kept.
    public static let maxText = 240, maxOwner = 64

    /// A draft.
    public init(kind: ReviewDecision.Kind, text: String, owner: String, due: String, period: ReviewPeriod) {
        self.kind = kind
        self.text = text
        self.owner = owner
        self.due = due
        self.period = period
    }

    /// "2026-12-15" as the day's start (epoch seconds); nil when it is not a real date of years 2000–2199.
    public static func parseDay(_ text: some StringProtocol) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (2000...2199).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        let days = UTCCalendar.days(year: y, month: m, day: d)
        // 2026-02-30 rolls into March: not a date.
        guard UTCCalendar.civil(fromDays: days) == (y, m, d) else { return nil }
        return days * 86_400
    }
}

extension Governance {
    /// Records a review board's decision or action item for the draft's period, as `actor`: anyone the policy names.
    public static func recordDecision(_ draft: ReviewDecisionDraft, by actor: String, in s: FleetState,
                                      now: Double) -> Result<GovernanceOutcome, GovernanceError> {
        guard Permissions.isKnown(actor, rules: s.policy?.rules ?? PolicyRules(), org: s.org) else {
            return .failure(.notAllowed(Permissions.viewOnly(actor)))
        }
        let text = String(clean(draft.text).trimmingSpaces.prefix(ReviewDecisionDraft.maxText))
        let owner = String(clean(draft.owner).trimmingSpaces.prefix(ReviewDecisionDraft.maxOwner))
        guard !text.isEmpty else { return .failure(.invalid("the \(draft.kind.rawValue) needs a text")) }
        guard !owner.isEmpty else { return .failure(.invalid("the \(draft.kind.rawValue) needs an owner")) }
        let dueText = clean(draft.due).trimmingSpaces
        var due: Int?
        if !dueText.isEmpty {
            guard let day = ReviewDecisionDraft.parseDay(dueText) else { return .failure(.invalid("due: write a date as 2026-12-15")) }
            due = day
        }
        let id = "D-\(s.governance?.nextDecisionNumber ?? 1)"
        let p = draft.period
        let decision = ReviewDecision(id: id, kind: draft.kind, text: text, owner: owner, due: due, periodLabel: p.label,
                                      periodStart: p.start, periodEnd: p.end, recordedBy: actor, recordedAt: now)
        let dueWords = due.map { " due " + String(UTCCalendar.format(Double($0)).prefix(10)) } ?? ""
        return .success(GovernanceOutcome(event: .reviewDecision(decision), audit: AuditRecord(
            at: now, actor: actor, action: "review.\(draft.kind.rawValue)", subject: id, reason: text, before: "",
            after: "review \(p.label): owner \(owner)\(dueWords)"), message: "recorded \(id) for \(p.label)"))
    }
}

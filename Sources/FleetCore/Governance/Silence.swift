/// An Alertmanager-style silence: alerts whose labels satisfy every matcher are muted from `startsAt` until `endsAt`.
public struct Silence: Codable, Sendable, Hashable {
    public var id: String
    /// All must match (an empty list would silence everything, so `make` refuses it).
    public var matchers: [LabelMatcher]
    /// Start of the muted window, epoch seconds (inclusive).
    public var startsAt: Double
    /// End of the muted window, epoch seconds (exclusive).
    public var endsAt: Double
    public var createdBy: String
    public var comment: String

    /// A silence as given, unchecked (decoding and tests); use `make` for anything a user typed.
    public init(id: String, matchers: [LabelMatcher], startsAt: Double, endsAt: Double, createdBy: String, comment: String) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    /// A checked silence: at least one matcher, finite times with `endsAt` after `startsAt`; otherwise why not.
    public static func make(id: String, matchers: [LabelMatcher], startsAt: Double, endsAt: Double, createdBy: String,
                            comment: String) -> Result<Silence, SilenceError> {
        guard !matchers.isEmpty else { return .failure(SilenceError("a silence needs at least one matcher")) }
        guard startsAt.isFinite, endsAt.isFinite else { return .failure(SilenceError("start and end must be finite times")) }
        guard endsAt > startsAt else { return .failure(SilenceError("the end must be after the start")) }
        return .success(Silence(id: id, matchers: matchers, startsAt: startsAt, endsAt: endsAt, createdBy: createdBy,
                                comment: comment))
    }

    /// Whether the silence is in force at epoch time `t`.
    public func isActive(at t: Double) -> Bool { startsAt <= t && t < endsAt }

    /// Whether the silence mutes an alert with `labels` at time `t`: it is active and every matcher matches.
    public func silences(_ labels: [String: String], at t: Double) -> Bool {
        // An empty matcher list never silences: an unchecked silence must not mute the whole fleet.
        isActive(at: t) && !matchers.isEmpty && matchers.allSatisfy { $0.matches(labels) }
    }
}

/// Why a silence was refused.
public struct SilenceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

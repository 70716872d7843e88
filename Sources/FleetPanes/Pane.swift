/// The panes a user can switch between, in Tab order.
public enum Pane: String, CaseIterable, Sendable, Codable {
    case overview, queues, jobs, teams, cost, forecast, approvals, alerts, gpus, idle, feeds, review

    /// Command-mode names that open the pane (first is the canonical name).
    public var commandNames: [String] {
        switch self {
        case .overview: ["overview", "ov", "o"]
        case .queues: ["queues", "queue", "qu"]
        case .jobs: ["jobs", "job", "j"]
        case .teams: ["teams", "team", "t"]
        case .cost: ["cost", "costs", "c"]
        case .forecast: ["forecast", "fc"]
        case .approvals: ["approvals", "approval", "ap", "requests"]
        case .alerts: ["alerts", "alert", "al"]
        case .gpus: ["gpus", "gpu", "g"]
        case .idle: ["idle", "i"]
        case .feeds: ["feeds", "feed", "f"]
        case .review: ["review", "rv", "board"]
        }
    }

    /// The pane a command-mode word names, if any.
    public static func named(_ word: String) -> Pane? {
        allCases.first { $0.commandNames.contains(word.lowercased()) }
    }

    /// Whether the pane is a list (filterable, sortable, paged rows); the review's slides have rows to drill into but
    /// page by slide.
    public var isList: Bool { self != .overview && self != .review }
}

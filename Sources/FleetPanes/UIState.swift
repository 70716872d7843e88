import FleetCore

/// What the user is doing: current pane, selection, filters, modes. Changed only by `UIController`.
public struct UIState: Sendable, Equatable {
    /// What the bottom line is collecting.
    public enum Mode: Sendable, Equatable {
        case normal
        case command(String)
        case filter(String)
    }

    /// A narrowing of the jobs pane reached by drilling down.
    public struct JobScope: Sendable, Equatable {
        public var team: String?
        public var priorityClass: String?
        /// A scheduler queue (partition / ClusterQueue).
        public var queue: String?
    }

    public var pane: Pane = .overview
    /// Panes to return to with Esc.
    public var backStack: [Pane] = []
    public var mode: Mode = .normal
    /// Filter per list pane: a regular expression; a leading `!` inverts it.
    public var filters: [Pane: String] = [:]
    public var selection: [Pane: Int] = [:]
    public var scroll: [Pane: Int] = [:]
    /// Sort order per list pane; absent means natural order.
    public var sort: [Pane: ListSort] = [:]
    public var jobScope: JobScope?
    /// What the cost pane's table is grouped by.
    public var costDimension: CostBreakdown.Dimension = .team
    /// The what-if applied to demand forecasts.
    public var forecastScenario = ForecastScenario()
    /// How the queues pane groups jobs.
    public var queueGrouping: QueueGrouping = .queue
    public var showHelp = false
    /// Id of the job whose detail is open.
    public var detailJobID: String?
    /// Name of the team whose detail is open.
    public var detailTeam: String?
    /// UUID of the GPU whose detail is open.
    public var detailGPU: String?
    /// Id of the request whose detail is open.
    public var detailRequest: String?
    /// An open governance form (decision reason, new request, ack, silence).
    public var form: GovernanceForm?
    /// A confirmed governance action for the runtime to perform; it clears this and sets `message` to the outcome.
    public var intent: GovernanceIntent?
    public var message: String?
    public var quitRequested = false

    /// The initial state: the overview.
    public init(pane: Pane = .overview) { self.pane = pane }

    /// The selected row of the current pane.
    public var selectedRow: Int { selection[pane] ?? 0 }
}

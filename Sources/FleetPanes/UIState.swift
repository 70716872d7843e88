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
    public struct JobScope: Sendable, Hashable {
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
    /// Selected row per pane, by id: it stays on its row when rows re-sort, filter or resize.
    public var selection: [Pane: RowSelection] = [:]
    /// First visible row per list pane, kept between frames so the view moves only when the user moves it.
    public var scroll: [Pane: Int] = [:]
    /// The terminal's size, from resize events: page keys move by the rows that fit.
    public var screen = ScreenSize(width: 80, height: 24)
    /// Sort order per list pane; absent means natural order.
    public var sort: [Pane: ListSort] = [:]
    public var jobScope: JobScope?
    /// What the cost pane's table is grouped by.
    public var costDimension: CostBreakdown.Dimension = .team
    /// The what-if applied to demand forecasts.
    public var forecastScenario = ForecastScenario()
    /// How the queues pane groups jobs.
    public var queueGrouping: QueueGrouping = .queue
    /// What `:review` shows: slide, period, comparison, freeze.
    public var review = ReviewSelection()
    /// What covers the pane: help or one row's detail; nil when nothing does.
    public var overlay: Overlay?
    /// An open governance form (decision reason, new request, ack, silence).
    public var form: GovernanceForm?
    /// A confirmed governance action for the runtime to perform; it clears this and sets `message` to the outcome.
    public var intent: GovernanceIntent?
    public var message: String?
    public var quitRequested = false

    /// The initial state: the overview.
    public init(pane: Pane = .overview) { self.pane = pane }

    /// Forgets a pane's selection and scroll: it opens on its first row.
    mutating func resetSelection(_ pane: Pane) {
        selection[pane] = nil
        scroll[pane] = nil
    }
}

/// A dialog over the pane: help, the detail of one job, team, GPU or request, or a review slide's definitions.
public enum Overlay: Sendable, Equatable {
    /// The key map, scrolled to show its lines from `firstLine` on.
    case help(firstLine: Int)
    /// The job with this id.
    case job(String)
    /// The team with this name.
    case team(String)
    /// The GPU with this UUID.
    case gpu(String)
    /// The request with this id (decisions can be taken from it).
    case request(String)
    /// The definitions (formula, source signal) of every number on a review slide, scrolled to `firstLine`.
    case definitions(ReviewSectionKind, firstLine: Int)

    /// The request whose detail is open, if that is what this is.
    var request: String? {
        if case .request(let id) = self { id } else { nil }
    }
}

/// A selected row: its id, and where it was when last seen (the row there takes over when the id leaves).
public struct RowSelection: Sendable, Equatable {
    /// The row's id.
    public var id: String
    /// Its index in the pane's rows when it was selected or last moved to.
    public var index: Int

    /// A selection of row `id` at `index`.
    public init(id: String, index: Int) {
        self.id = id
        self.index = index
    }

    /// The index of the selected row in `ids`: the id's own row, else the nearest to where it was; 0 when empty.
    public static func resolve(_ selection: RowSelection?, in ids: [String]) -> Int {
        guard let selection, !ids.isEmpty else { return 0 }
        // Look near the old index first: a re-sort rarely moves a row far, and a long list is not scanned whole.
        let low = min(max(0, selection.index - 64), ids.count)
        let near = low..<min(ids.count, max(low, selection.index + 65))
        if let i = ids[near].firstIndex(of: selection.id) ?? ids.firstIndex(of: selection.id) { return i }
        return min(max(0, selection.index), ids.count - 1)
    }
}

/// A terminal size in cells.
public struct ScreenSize: Sendable, Equatable {
    public var width: Int
    public var height: Int

    /// A size of `width` × `height` cells.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

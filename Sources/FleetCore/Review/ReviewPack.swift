/// One number of a review: its metric (the definition id), its value in the period and in the compare period
/// (nil: nothing measured it — shown as missing, never as 0), or a cell where the metric means nothing for its scope.
public struct ReviewFigure: Sendable, Hashable {
    public var metric: KPIMetric
    public var value: Double?
    public var compare: Double?
    /// False where the metric does not apply to the row's scope (`KPIDefinition.applies(to:)`): "n/a", not missing.
    public var applies = true
    /// A figure.
    public init(_ metric: KPIMetric, _ value: Double?, compare: Double? = nil) {
        self.metric = metric
        self.value = value
        self.compare = compare
    }

    /// The cell of a metric that means nothing for its scope (a team's unallocated cost).
    public static func notApplicable(_ metric: KPIMetric) -> ReviewFigure {
        var figure = ReviewFigure(metric, nil)
        figure.applies = false
        return figure
    }
    /// value − compare; nil when either is missing.
    public var delta: Double? {
        guard let value, let compare else { return nil }
        return value - compare
    }
}

/// A row of a review section: one scope (the fleet, a pool, a team, a class …) and its figures in section order.
public struct ReviewRow: Sendable, Hashable {
    public var scope: RollupScope
    public var figures: [ReviewFigure]
    /// The figure of `metric`, if the row has it.
    public subscript(metric: KPIMetric) -> ReviewFigure? { figures.first { $0.metric == metric } }
}

/// The slides of a review, in order.
public enum ReviewSectionKind: String, Sendable, CaseIterable {
    case capacity, queues, teams, cost, forecast, governance, reliability, exceptions

    /// The slide's title.
    public var title: String {
        switch self {
        case .capacity: "Capacity and utilisation"
        case .queues: "Queues and SLA attainment"
        case .teams: "Teams: quota burn and borrowing"
        case .cost: "Cost vs budget and idle waste"
        case .forecast: "Forecast vs capacity"
        case .governance: "Governance"
        case .reliability: "Reliability"
        case .exceptions: "Exceptions"
        }
    }
}

/// One slide's table: the metrics of its columns and a row per scope.
public struct ReviewSection: Sendable, Hashable {
    public var kind: ReviewSectionKind
    public var metrics: [KPIMetric]
    public var rows: [ReviewRow]
}

/// One day of the fleet's trend (capacity slide): the day's start and its figures.
public struct ReviewTrendDay: Sendable, Hashable {
    public var start: Int
    public var figures: [ReviewFigure]
    /// The figure of `metric`, if the day has it.
    public subscript(metric: KPIMetric) -> ReviewFigure? { figures.first { $0.metric == metric } }
}

/// A scope outside its target: the figure, the target and which side of it is wrong.
public struct ReviewException: Sendable, Hashable {
    public enum Side: String, Sendable { case above, below }
    public var scope: RollupScope
    public var metric: KPIMetric
    public var value: Double
    public var target: Double
    public var side: Side
    /// How far outside, as a share of the target (sorts the worst first).
    public var severity: Double { target == 0 ? abs(value) : abs(value - target) / abs(target) }
}

/// What the period's demand trend says about capacity.
public enum ReviewForecastOutcome: Sendable, Hashable {
    /// Too few days with history to fit a trend.
    case noData(days: Int, needed: Int)
    /// The trend stays under capacity for the horizon.
    case noShortfall(horizonDays: Int)
    /// The trend reaches capacity this many days after the period's end (0: demand already exceeds it).
    case shortfall(days: Int)
}

/// A review board's pack for a period: every slide's numbers, derived once from KPI rollups (`derive`) and rendered
/// by every output (Markdown, HTML, JSON, CSV, the `:review` pane).
public struct ReviewPack: Sendable, Hashable {
    public var period: ReviewPeriod
    public var comparePeriod: ReviewPeriod?
    public var sections: [ReviewSection]
    /// The fleet's days, oldest first.
    public var trend: [ReviewTrendDay]
    public var forecast: ReviewForecastOutcome
    /// Worst first.
    public var exceptions: [ReviewException]
    /// The SLA attainment the board expects of every class (the queues slide's target line).
    public var slaAttainmentTarget: Double
    /// The board's decisions and action items recorded for the period (or a period inside it), oldest first; they
    /// come from the governance state, not the rollups (`with(decisions:)`).
    public var decisions: [ReviewDecision] = []

    /// The pack with the decisions of `all` that belong to its period.
    public func with(decisions all: [ReviewDecision]) -> ReviewPack {
        var pack = self
        pack.decisions = all.filter { $0.belongs(to: period) }
        return pack
    }

    /// The section of `kind`.
    public func section(_ kind: ReviewSectionKind) -> ReviewSection? { sections.first { $0.kind == kind } }

    /// Every metric the pack shows (for footnotes), in catalogue order.
    public var metricsShown: [KPIMetric] {
        var shown = Set(sections.flatMap(\.metrics))
        shown.formUnion(trend.flatMap { $0.figures.map(\.metric) })
        shown.formUnion(exceptions.map(\.metric))
        return KPIMetric.allCases.filter(shown.contains)
    }
}

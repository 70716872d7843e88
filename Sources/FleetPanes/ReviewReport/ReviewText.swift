import FleetCore

/// How review documents write a figure's value, its Δ and a scope: one place, so Markdown, HTML and the
/// `:review` pane agree. Missing values read "missing", never 0.
public enum ReviewText {
    /// What a missing value reads as.
    public static let missing = "missing"
    /// What a cell reads where its metric means nothing for the row's scope (a team's unallocated cost).
    public static let notApplicable = "n/a"

    /// A figure's value: "n/a" where the metric does not apply to its scope, else as `value(_:_:)`.
    public static func value(_ figure: ReviewFigure) -> String {
        figure.applies ? value(figure.value, figure.metric.definition.unit) : notApplicable
    }

    /// A metric's definition as footnotes and `:review`'s definitions overlay write it: formula, then source signal.
    public static func definition(_ m: KPIMetric) -> String {
        let d = m.definition
        return "\(d.formulaText). Source: \(d.source)."
    }

    /// `v` in `unit`; "missing" when nil.
    public static func value(_ v: Double?, _ unit: KPIUnit) -> String {
        guard let v, v.isFinite else { return missing }
        switch unit {
        case .gpuHours, .hours: return Format.grouped(Int(saturating: v.rounded()))
        case .ratio: return Format.percent(v)
        case .dollars: return Format.money(v)
        case .seconds: return Format.duration(v)
        case .count, .days: return Format.grouped(Int(saturating: v.rounded()))
        case .mean, .gpus: return Format.number(v, digits: 1)
        case .gpusPerDay: return Format.number(v, digits: 2)
        }
    }

    /// The change from the compare period: signed, ratios in percentage points; empty when either side is missing.
    public static func delta(_ figure: ReviewFigure) -> String {
        guard let d = figure.delta, d.isFinite else { return "" }
        let unit = figure.metric.definition.unit
        let magnitude = unit == .ratio ? Format.number(abs(d) * 100, digits: 1) + " pp" : value(abs(d), unit)
        // A change that rounds to nothing reads ±, not −0.0.
        let zero = unit == .ratio ? Format.number(0, digits: 1) + " pp" : value(0, unit)
        let sign = magnitude == zero ? "±" : d > 0 ? "+" : "−"
        return sign + magnitude
    }

    /// The direction of the change: ▲ up, ▼ down, = a change that rounds to nothing; empty when either side is missing.
    public static func arrow(_ figure: ReviewFigure) -> String {
        let d = delta(figure)
        guard let first = d.first else { return "" }
        return first == "+" ? "▲" : first == "−" ? "▼" : "="
    }

    /// A figure as "value (Δ)".
    public static func cell(_ figure: ReviewFigure, comparing: Bool) -> String {
        let v = value(figure)
        let d = delta(figure)
        return comparing && !d.isEmpty ? "\(v) (\(d))" : v
    }

    /// "fleet", "pool a100", "class training".
    public static func scope(_ s: RollupScope) -> String {
        s.kind == .fleet ? "fleet" : "\(s.kind.rawValue) \(s.name)"
    }

    /// A column header: the metric's title and unit.
    public static func header(_ m: KPIMetric) -> String {
        let d = m.definition
        switch d.unit {
        case .ratio, .count, .mean, .seconds: return d.title  // shares, counts and durations say what they are
        case .gpuHours, .dollars, .hours, .gpus, .gpusPerDay, .days: return "\(d.title) (\(d.unit.rawValue))"
        }
    }

    /// The forecast slide's conclusion in words.
    public static func forecast(_ outcome: ReviewForecastOutcome) -> String {
        switch outcome {
        case let .noData(days, needed): "No data: a trend needs \(needed) days with demand and capacity measured, the period has \(days)."
        case .noShortfall(let horizon): "No shortfall: the demand trend stays under capacity for \(horizon) days."
        case .shortfall(0): "Shortfall now: demand on the period's last day is at or above capacity."
        case .shortfall(let days): "First shortfall in \(days) days after the period's last day, if demand keeps its trend."
        }
    }

    /// An exception in words: "class research: SLA attainment 81.0 % (target 95.0 %)".
    public static func exception(_ e: ReviewException) -> String {
        let unit = e.metric.definition.unit
        return "\(scope(e.scope)): \(e.metric.definition.title) \(value(e.value, unit)) \(e.side == .above ? "above" : "below") the target \(value(e.target, unit))"
    }

    /// "2026-11 (2026-11-01 – 2026-11-30)".
    public static func period(_ p: ReviewPeriod) -> String {
        "\(p.label) (\(day(p.start)) – \(day(p.end - 1)))"
    }

    /// A decision's due day, or "—" when none was given.
    public static func due(_ d: ReviewDecision) -> String { d.due.map(day) ?? "—" }

    /// When a decision was recorded: "2026-12-02 14:05".
    public static func recordedAt(_ d: ReviewDecision) -> String { UTCCalendar.format(d.recordedAt) }

    /// The decision log's column titles in the documents, in the order of `decisionCells`.
    static let decisionTitles = ["Id", "Kind", "Decision or action", "Owner", "Due", "Period", "Recorded by", "Recorded at (UTC)"]

    /// One decision's cells in the documents (unescaped), in the order of `decisionTitles`.
    static func decisionCells(_ d: ReviewDecision) -> [String] {
        [d.id, d.kind.rawValue, d.text, d.owner, due(d), d.periodLabel, d.recordedBy, recordedAt(d)]
    }

    /// "2026-11-01".
    public static func day(_ t: Int) -> String { String(UTCCalendar.format(Double(t)).prefix(10)) }
}

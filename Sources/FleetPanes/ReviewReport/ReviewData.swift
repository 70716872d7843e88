import FleetCore
import FleetTUI
import Foundation

/// A review pack as JSON or CSV: every number with its definition id, snake_case keys, null (JSON) or an empty field
/// (CSV) for missing.
public enum ReviewData {
    /// A number as written: ratios to 4 decimals, money to cents, the rest to 2 decimals; nil stays nil.
    public static func number(_ v: Double?, _ metric: KPIMetric) -> Double? {
        guard let v else { return nil }
        switch metric.definition.unit {
        case .ratio: return JSONNumber.ratio(v)
        case .dollars: return JSONNumber.money(v)
        default: return JSONNumber.measured(v)
        }
    }

    private static func json(_ v: Double?, _ metric: KPIMetric) -> Any { number(v, metric) ?? NSNull() }

    private static func figure(_ f: ReviewFigure) -> [String: Any] {
        var out: [String: Any] = ["metric": f.metric.rawValue, "value": json(f.value, f.metric), "compare": json(f.compare, f.metric),
                                  "delta": json(f.delta, f.metric)]
        // null with this flag: the metric means nothing for the scope (not missing data).
        if !f.applies { out["not_applicable"] = true }
        return out
    }

    private static func decision(_ d: ReviewDecision) -> [String: Any] {
        ["id": d.id, "kind": d.kind.rawValue, "text": d.text, "owner": d.owner, "due": d.due.map { ReviewText.day($0) as Any } ?? NSNull(),
         "period": d.periodLabel, "recorded_by": d.recordedBy, "recorded_at": JSONNumber.seconds(d.recordedAt).map { $0 as Any } ?? NSNull()]
    }

    private static func period(_ p: ReviewPeriod?) -> Any {
        guard let p else { return NSNull() }
        return ["label": p.label, "start": p.start, "end": p.end, "hours": p.hours] as [String: Any]
    }

    /// The JSON document.
    public static func json(_ pack: ReviewPack) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: document(pack), options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The JSON document's object: what `report review --format json` prints and `:review`'s snapshot holds.
    public static func document(_ pack: ReviewPack) -> [String: Any] {
        let sections: [[String: Any]] = pack.sections.map { s in
            ["section": s.kind.rawValue, "title": s.kind.title, "rows": s.rows.map { row -> [String: Any] in
                ["scope_kind": row.scope.kind.rawValue, "scope": row.scope.name, "figures": row.figures.map(figure)]
            }]
        }
        let trend: [[String: Any]] = pack.trend.map { ["day": ReviewText.day($0.start), "start": $0.start, "figures": $0.figures.map(figure)] }
        let exceptions: [[String: Any]] = pack.exceptions.map { e in
            ["scope_kind": e.scope.kind.rawValue, "scope": e.scope.name, "metric": e.metric.rawValue, "value": json(e.value, e.metric),
             "target": json(e.target, e.metric), "side": e.side.rawValue]
        }
        let definitions: [[String: Any]] = pack.metricsShown.map { m in
            let d = m.definition
            return ["id": m.rawValue, "title": d.title, "unit": d.unit.rawValue, "formula": d.formulaText, "source": d.source]
        }
        return [
            "period": period(pack.period), "compare_period": period(pack.comparePeriod), "sections": sections, "trend": trend,
            "forecast": forecast(pack.forecast), "exceptions": exceptions, "definitions": definitions,
            "decisions": pack.decisions.map(decision),
        ]
    }

    private static func forecast(_ o: ReviewForecastOutcome) -> [String: Any] {
        switch o {
        case let .noData(days, needed): ["outcome": "no_data", "days_with_history": days, "days_needed": needed]
        case .noShortfall(let horizon): ["outcome": "no_shortfall", "horizon_days": horizon]
        case .shortfall(let days): ["outcome": "shortfall", "days": days]
        }
    }

    /// The CSV columns.
    public static let columns = ["section", "scope_kind", "scope", "day", "metric", "unit", "value", "compare", "delta", "target", "side"]

    /// The CSV document: a line per figure of every section, per trend day figure and per exception (names cleaned
    /// of control characters, as the file often goes to a terminal).
    public static func csv(_ pack: ReviewPack) -> String {
        func text(_ v: Double?, _ m: KPIMetric) -> String { number(v, m).map { "\($0)" } ?? "" }
        var lines = [columns.joined(separator: ",")]
        func add(_ fields: [String]) { lines.append(fields.map { quoted(sanitizeForTerminal($0)) }.joined(separator: ",")) }
        for s in pack.sections {
            for row in s.rows {
                for f in row.figures {
                    add([s.kind.rawValue, row.scope.kind.rawValue, row.scope.name, "", f.metric.rawValue, f.metric.definition.unit.rawValue,
                         f.applies ? text(f.value, f.metric) : ReviewText.notApplicable, text(f.compare, f.metric), text(f.delta, f.metric), "", ""])
                }
            }
        }
        for day in pack.trend {
            for f in day.figures {
                add(["trend", "fleet", "fleet", ReviewText.day(day.start), f.metric.rawValue, f.metric.definition.unit.rawValue,
                     text(f.value, f.metric), "", "", "", ""])
            }
        }
        for e in pack.exceptions {
            add(["exceptions", e.scope.kind.rawValue, e.scope.name, "", e.metric.rawValue, e.metric.definition.unit.rawValue,
                 text(e.value, e.metric), "", "", text(e.target, e.metric), e.side.rawValue])
        }
        return lines.joined(separator: "\n") + "\n" + decisionsCSV(pack)
    }

    /// The CSV columns of the decision log, a second table after a blank line.
    public static let decisionColumns = ["decision_id", "kind", "text", "owner", "due", "period", "recorded_by", "recorded_at"]

    /// The decision log as CSV (after a blank line); empty when none was recorded for the period.
    static func decisionsCSV(_ pack: ReviewPack) -> String {
        guard !pack.decisions.isEmpty else { return "" }
        var lines = ["", decisionColumns.joined(separator: ",")]
        for d in pack.decisions {
            let fields = [d.id, d.kind.rawValue, d.text, d.owner, d.due.map(ReviewText.day) ?? "", d.periodLabel, d.recordedBy,
                          UTCCalendar.format(d.recordedAt, seconds: true)]
            lines.append(fields.map { quoted(sanitizeForTerminal($0)) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting: fields with commas, quotes or line breaks quoted, quotes doubled.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

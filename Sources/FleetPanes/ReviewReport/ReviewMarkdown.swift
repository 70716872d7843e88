import FleetCore
import FleetTUI
import Foundation

/// A review pack as Markdown for a wiki: one heading per slide, charts as tables, footnotes with every shown
/// definition's formula and source signal.
public enum ReviewMarkdown {
    /// The document.
    public static func render(_ pack: ReviewPack) -> String {
        var out = "# Capacity review \(ReviewText.period(pack.period))\n\n"
        if let c = pack.comparePeriod { out += "Compared with \(ReviewText.period(c)); Δ in brackets (ratios in percentage points).\n" }
        out += "\"\(ReviewText.missing)\" means no source measured the number; it is never shown as 0. \"\(ReviewText.notApplicable)\": the number means nothing for that row (GPUs no one holds belong to no team).\n"
        for (i, kind) in ReviewSectionKind.allCases.enumerated() {
            out += "\n## \(i + 1). \(kind.title)\n\n"
            switch kind {
            case .exceptions: out += exceptions(pack)
            case .forecast:
                if let s = pack.section(kind) { out += table(s, comparing: pack.comparePeriod != nil) }
                out += "\n" + ReviewText.forecast(pack.forecast) + "\n"
            default:
                if let s = pack.section(kind) { out += table(s, comparing: pack.comparePeriod != nil) }
                if kind == .capacity { out += trend(pack) }
                if kind == .governance { out += decisions(pack) }
            }
        }
        out += "\n## Definitions\n\n"
        for m in pack.metricsShown {
            let d = m.definition
            out += "[^\(m.rawValue)]: **\(d.title)** (`\(m.rawValue)`, \(d.unit.rawValue)): \(escaped(ReviewText.definition(m)))\n"
        }
        return out
    }

    static func table(_ s: ReviewSection, comparing: Bool) -> String {
        guard !s.rows.isEmpty else { return "No rows: nothing in the period's history for this slide.\n" }
        var out = "| Scope | " + s.metrics.map { "\(ReviewText.header($0))[^\($0.rawValue)]" }.joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---:|", count: s.metrics.count) + "\n"
        for row in s.rows {
            let cells = row.figures.map { ReviewText.cell($0, comparing: comparing) }
            out += "| \(escaped(ReviewText.scope(row.scope))) | " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    static func trend(_ pack: ReviewPack) -> String {
        guard let first = pack.trend.first else { return "\nDaily trend: no days with history in the period.\n" }
        let metrics = first.figures.map(\.metric)
        var out = "\n### Daily trend (fleet)\n\n| Day | " + metrics.map(ReviewText.header).joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---:|", count: metrics.count) + "\n"
        for day in pack.trend {
            out += "| \(ReviewText.day(day.start)) | " + day.figures.map { ReviewText.value($0.value, $0.metric.definition.unit) }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// The decision log: a table of the decisions and action items recorded for the period.
    static func decisions(_ pack: ReviewPack) -> String {
        var out = "\n### Decisions and action items\n\n"
        guard !pack.decisions.isEmpty else { return out + "None recorded for this period.\n" }
        let titles = ReviewText.decisionTitles
        out += "| " + titles.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: titles.count) + "\n"
        for d in pack.decisions {
            out += "| " + ReviewText.decisionCells(d).map(escaped).joined(separator: " | ") + " |\n"
        }
        return out
    }

    static func exceptions(_ pack: ReviewPack) -> String {
        guard !pack.exceptions.isEmpty else { return "None: every class, team, department and pool with data is within its target.\n" }
        return pack.exceptions.map { "- \(escaped(ReviewText.exception($0)))[^\($0.metric.rawValue)]\n" }.joined()
    }

    /// Text safe in a Markdown table cell and on a terminal: control characters removed, pipes escaped.
    static func escaped(_ s: String) -> String {
        sanitizeForTerminal(s).replacingOccurrences(of: "|", with: "\\|")
    }
}

import FleetCore
import FleetTUI
import Foundation

/// A review pack as one self-contained HTML file: inline CSS and SVG charts, no scripts, no network; each slide
/// starts a printed page.
public enum ReviewHTML {
    /// The document.
    public static func render(_ pack: ReviewPack) -> String {
        let comparing = pack.comparePeriod != nil
        var body = "<h1>Capacity review \(escaped(ReviewText.period(pack.period)))</h1>\n"
        if let c = pack.comparePeriod { body += "<p>Compared with \(escaped(ReviewText.period(c))); Δ in brackets (ratios in percentage points).</p>\n" }
        body += "<p>“\(ReviewText.missing)” means no source measured the number; it is never shown as 0. Superscripts refer to the definitions at the end.</p>\n"
        let notes = Dictionary(uniqueKeysWithValues: pack.metricsShown.enumerated().map { ($1, $0 + 1) })
        for (i, kind) in ReviewSectionKind.allCases.enumerated() {
            body += "<section>\n<h2>\(i + 1). \(escaped(kind.title))</h2>\n"
            body += charts(kind, pack)
            switch kind {
            case .exceptions:
                body += pack.exceptions.isEmpty ? "<p>None: every class, team, department and pool with data is within its target.</p>\n"
                    : "<ul>" + pack.exceptions.map { "<li>\(escaped(ReviewText.exception($0)))\(note($0.metric, notes))</li>" }.joined() + "</ul>\n"
            case .forecast:
                if let s = pack.section(kind) { body += table(s, comparing: comparing, notes: notes) }
                body += "<p class=\"conclusion\">\(escaped(ReviewText.forecast(pack.forecast)))</p>\n"
            default:
                if let s = pack.section(kind) { body += table(s, comparing: comparing, notes: notes) }
                if kind == .governance { body += decisions(pack) }
            }
            body += "</section>\n"
        }
        body += "<section class=\"notes\">\n<h2>Definitions</h2>\n<ol>"
        for m in pack.metricsShown {
            let d = m.definition
            body += "<li><b>\(escaped(d.title))</b> (<code>\(m.rawValue)</code>, \(escaped(d.unit.rawValue))): \(escaped(ReviewText.definition(m)))</li>"
        }
        body += "</ol>\n</section>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Capacity review \(escaped(pack.period.label))</title>
            <style>\(style)</style></head>
            <body>
            \(body)</body></html>

            """
    }

    static let style = """
        body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;color:#111;background:#fff;margin:2em;max-width:1100px}
        h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:2px solid #111;padding-bottom:.2em}
        table{border-collapse:collapse;font-size:.8em;margin:.6em 0}th,td{border:1px solid #999;padding:.2em .4em}
        td{text-align:right}td:first-child,th:first-child,.decisions td{text-align:left}th{background:#eee}
        .missing{color:#777;font-style:italic}.na{color:#999}.conclusion{font-weight:bold}sup{font-size:.7em}
        svg{display:block;margin:.6em 0;max-width:100%;height:auto}
        @media print{body{margin:0}section{page-break-before:always}section:first-of-type{page-break-before:auto}}
        """

    static func table(_ s: ReviewSection, comparing: Bool, notes: [KPIMetric: Int]) -> String {
        guard !s.rows.isEmpty else { return "<p>No rows: nothing in the period's history for this slide.</p>\n" }
        var out = "<table><tr><th>Scope</th>" + s.metrics.map { "<th>\(escaped(ReviewText.header($0)))\(note($0, notes))</th>" }.joined() + "</tr>\n"
        for row in s.rows {
            out += "<tr><td>\(escaped(ReviewText.scope(row.scope)))</td>"
            for f in row.figures {
                let cell = escaped(ReviewText.cell(f, comparing: comparing))
                out += !f.applies ? "<td class=\"na\">\(cell)</td>" : f.value == nil ? "<td class=\"missing\">\(cell)</td>" : "<td>\(cell)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table>\n"
    }

    /// The decision log: the decisions and action items recorded for the period.
    static func decisions(_ pack: ReviewPack) -> String {
        var out = "<h3>Decisions and action items</h3>\n"
        guard !pack.decisions.isEmpty else { return out + "<p>None recorded for this period.</p>\n" }
        out += "<table class=\"decisions\"><tr>" + ReviewText.decisionTitles.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
        for d in pack.decisions {
            out += "<tr>" + ReviewText.decisionCells(d).map { "<td>\(escaped($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</table>\n"
    }

    /// The charts of a slide, or a "no data" line for each that has nothing to draw.
    static func charts(_ kind: ReviewSectionKind, _ pack: ReviewPack) -> String {
        let days = pack.trend.map { ReviewText.day($0.start) }
        func daily(_ m: KPIMetric) -> ReviewSVG.Series { ReviewSVG.Series(name: m.definition.title, values: pack.trend.map { $0[m]?.value }) }
        func perRow(_ metric: KPIMetric, _ kinds: Set<RollupScopeKind>) -> [(label: String, value: Double?, text: String)] {
            let rows = (pack.section(kind)?.rows ?? []).filter { kinds.contains($0.scope.kind) }
            return rows.prefix(40).map { row in
                let v = row[metric]?.value
                return (ReviewText.scope(row.scope), v, ReviewText.value(v, metric.definition.unit))
            }
        }
        let drawn: [(String, String?)]
        switch kind {
        case .capacity:
            drawn = [("GPU-hours per day", ReviewSVG.stackedBars(days: days, series: [.allocatedGPUHours, .idleGPUHours, .plannedDownGPUHours, .downGPUHours].map(daily))),
                     ("Busy and effective utilisation per day", ReviewSVG.lines(days: days, series: [.busy, .effectiveUtilization].map(daily)))]
        case .queues: drawn = [("SLA attainment per class (dashed: target)", ReviewSVG.bars(perRow(.slaAttainment, [.priorityClass]), target: pack.slaAttainmentTarget))]
        case .teams: drawn = [("Quota burn per team (dashed: quota)", ReviewSVG.bars(perRow(.quotaBurn, [.team]), target: 1))]
        case .cost: drawn = [("Budget burn per team (dashed: budget)", ReviewSVG.bars(perRow(.budgetBurn, [.team]), target: 1))]
        case .forecast, .governance, .reliability, .exceptions: drawn = []
        }
        return drawn.map { title, svg in
            "<h3>\(escaped(title))</h3>\n" + (svg ?? "<p class=\"missing\">No data for this chart in the period.</p>") + "\n"
        }.joined()
    }

    private static func note(_ m: KPIMetric, _ notes: [KPIMetric: Int]) -> String {
        notes[m].map { "<sup>\($0)</sup>" } ?? ""
    }

    /// Text safe in HTML: control characters removed, markup characters escaped.
    static func escaped(_ s: String) -> String {
        var out = ""
        for ch in sanitizeForTerminal(s) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}

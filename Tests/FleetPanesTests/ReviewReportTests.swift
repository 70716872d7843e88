import FleetCore
import FleetPanes
import Foundation
import Testing

@Suite("Review documents")
struct ReviewReportTests {
    static let nov2 = 1_793_577_600

    static func rollup(_ start: Int, _ scope: RollupScope, _ sums: [(RollupSum, Double)]) -> KPIRollup {
        var r = KPIRollup(start: start, resolution: .day, scope: scope)
        for (s, v) in sums { r.add(v, to: s) }
        return r
    }

    /// One November day of a 4-GPU fleet, an October day to compare with, a team over budget and a class under SLA.
    static func pack(compare: Bool = true) throws -> ReviewPack {
        let nov = try ReviewPeriod.parse("2026-11", now: 0)
        let rollups = [
            rollup(nov2, .fleet, [(.coveredHours, 24), (.totalGPUHours, 96), (.capacityGPUHours, 96), (.allocatedGPUHours, 72), (.idleGPUHours, 24),
                                  (.downGPUHours, 0), (.plannedDownGPUHours, 0), (.sampledAllocatedGPUHours, 72), (.activeGPUHours, 36)]),
            rollup(nov2, RollupScope(.team, "a|b"), [(.allocatedGPUHours, 72), (.costDollars, 500)]),
            rollup(nov2, RollupScope(.priorityClass, "research"), [(.jobsStarted, 4), (.jobsStartedWithinSLA, 3)]),
        ]
        let october = [rollup(nov2 - 30 * 86_400, .fleet, [(.allocatedGPUHours, 48), (.capacityGPUHours, 96)])]
        let targets = ReviewTargets(teams: [ReviewTeamTarget(name: "a|b", department: "d", quotaGPUs: 1, monthlyBudget: 400)])
        return ReviewPack.derive(period: nov, rollups: rollups, compare: compare ? (period: nov.previous, rollups: october) : nil, targets: targets)
    }

    @Test("Markdown: the eight slides in order, tables with Δ, missing as missing, footnotes with formula and source")
    func markdown() throws {
        let md = ReviewMarkdown.render(try Self.pack())
        let headings = md.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(headings == ReviewSectionKind.allCases.enumerated().map { "## \($0 + 1). \($1.title)" } + ["## Definitions"])
        #expect(md.hasPrefix("# Capacity review 2026-11 (2026-11-01 – 2026-11-30)\n"))
        #expect(md.contains("Compared with 2026-10"))
        let fleetRow = try #require(md.split(separator: "\n").first { $0.hasPrefix("| fleet | 24 | 96 |") })
        #expect(fleetRow.contains("72 (+24)"), "allocated GPU-hours with Δ vs October: \(fleetRow)")
        #expect(fleetRow.contains("75.0 % (+25.0 pp)"), "allocation 72/96 vs 48/96")
        #expect(fleetRow.contains("| missing |"), "reserved is never measured")
        #expect(md.contains("| team a\\|b |"), "a pipe in a name is escaped")
        #expect(md.contains("- team a\\|b: Budget burn 125.0 % above the target 100.0 %[^cost.budget_burn]"))
        #expect(md.contains("- class research: SLA attainment 75.0 % below the target 95.0 %"))
        #expect(md.contains("No data: a trend needs 7 days with demand and capacity measured, the period has 0."), "no pending GPUs measured: no demand")
        #expect(md.contains("[^util.busy]: **Busy** (`util.busy`, ratio): GPU-hours active / allocated GPU-hours with current telemetry. Source: GPU utilisation: DCGM_FI_PROF_GR_ENGINE_ACTIVE"))
        #expect(md.contains("[^util.busy]: **Busy**", after: "## Definitions"))
    }

    @Test("JSON: every figure's number equals the pack's (as rounded for JSON), with its definition id; missing is null")
    func json() throws {
        let pack = try Self.pack()
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(ReviewData.json(pack).utf8)) as? [String: Any])
        let sections = try #require(doc["sections"] as? [[String: Any]])
        #expect(sections.compactMap { $0["section"] as? String } == pack.sections.map(\.kind.rawValue))
        var compared = 0
        for (s, section) in zip(pack.sections, sections) {
            let rows = try #require(section["rows"] as? [[String: Any]])
            #expect(rows.count == s.rows.count)
            for (row, json) in zip(s.rows, rows) {
                #expect(json["scope"] as? String == row.scope.name && json["scope_kind"] as? String == row.scope.kind.rawValue)
                let figures = try #require(json["figures"] as? [[String: Any]])
                for (f, j) in zip(row.figures, figures) {
                    #expect(j["metric"] as? String == f.metric.rawValue)
                    if let v = ReviewData.number(f.value, f.metric) {
                        #expect((j["value"] as? NSNumber)?.doubleValue == v, "\(f.metric.rawValue)")
                        compared += 1
                    } else {
                        #expect(j["value"] is NSNull, "\(f.metric.rawValue) missing must be null")
                    }
                }
            }
        }
        #expect(compared > 20)
        let period = try #require(doc["period"] as? [String: Any])
        #expect(period["label"] as? String == "2026-11")
        let definitions = try #require(doc["definitions"] as? [[String: Any]])
        #expect(Set(definitions.compactMap { $0["id"] as? String }) == Set(pack.metricsShown.map(\.rawValue)))
        #expect(try JSONSerialization.jsonObject(with: Data(ReviewData.json(try Self.pack(compare: false)).utf8)) is [String: Any])
    }

    @Test("CSV: one line per figure with its id; missing is an empty field, names with commas are quoted")
    func csv() throws {
        let pack = try Self.pack()
        let lines = ReviewData.csv(pack).split(separator: "\n").map(String.init)
        #expect(lines.first == ReviewData.columns.joined(separator: ","))
        let figures = pack.sections.reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.figures.count } }
        #expect(lines.count == 1 + figures + pack.trend.reduce(0) { $0 + $1.figures.count } + pack.exceptions.count)
        #expect(lines.contains("capacity,fleet,fleet,,capacity.reserved_gpu_hours,GPU-h,,,,,"))
        #expect(lines.contains("capacity,fleet,fleet,,capacity.allocated_gpu_hours,GPU-h,72.0,48.0,24.0,,"))
    }

    @Test("HTML: one self-contained file with inline SVG charts, no scripts or network, and 'no data' where a chart has nothing")
    func html() throws {
        let html = ReviewHTML.render(try Self.pack())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for banned in ["<script", "http://", "https://", "src=", "@import", "url("] {
            #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains(banned), "\(banned)")
        }
        #expect(html.components(separatedBy: "<svg").count - 1 == 5, "capacity (2), queues, teams and cost")
        #expect(html.contains("team a|b"))
        #expect(html.contains("<td class=\"missing\">missing</td>"))
        #expect(html.contains("page-break-before:always"))
    }
}

private extension String {
    /// Whether `needle` occurs after the first occurrence of `marker`.
    func contains(_ needle: String, after marker: String) -> Bool {
        guard let r = range(of: marker) else { return false }
        return self[r.upperBound...].contains(needle)
    }
}

import Foundation
import Testing

/// `fleetdeck report review` through the real binary on a demo store (90 days of simulated history, then live hours).
@Suite struct ReviewE2ETests {
    @Test func reviewPackInEveryFormatFromADemoStore() throws {
        let dir = try Harness.tempDir()
        let store = dir.appendingPathComponent("s.sqlite").path
        let warm = try Harness.run(Harness.binary, ["snapshot", "--store", store, "--timeout", "30"], env: ["XDG_STATE_HOME": dir.path],
                                   timeout: 90)
        try #require(warm.code == 0, "\(warm.err)")
        // The demo's history ends where its fleet starts, Monday 2026-11-02: October is all backfilled.
        let json = try Harness.run(Harness.binary, ["report", "review", "--period", "2026-10", "--compare", "previous", "--format", "json", "--store", store])
        try #require(json.code == 0, "\(json.err)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((doc["period"] as? [String: Any])?["label"] as? String == "2026-10")
        #expect((doc["compare_period"] as? [String: Any])?["label"] as? String == "2026-09")
        let sections = try #require(doc["sections"] as? [[String: Any]])
        #expect(sections.compactMap { $0["section"] as? String } == ["capacity", "queues", "teams", "cost", "forecast", "governance", "reliability"])
        let fleet = try #require((sections.first?["rows"] as? [[String: Any]])?.first)
        let figures = try #require(fleet["figures"] as? [[String: Any]])
        func value(_ id: String) -> Any? { figures.first { $0["metric"] as? String == id }?["value"] ?? nil }
        #expect((value("coverage.hours") as? Double) == 744, "October has 744 hours, all backfilled")
        #expect((value("capacity.total_gpu_hours") as? Double).map { $0 > 0 } == true)
        #expect(value("capacity.reserved_gpu_hours") is NSNull, "no source reports reservations: null, not 0")
        #expect((doc["trend"] as? [Any])?.count == 31)

        let md = try Harness.run(Harness.binary, ["report", "review", "--period", "2026-10", "--store", store])
        #expect(md.code == 0 && md.out.contains("## 8. Exceptions") && md.out.contains("[^util.busy]: **Busy**"), "\(md.err)")
        let out = dir.appendingPathComponent("pack.html").path
        let html = try Harness.run(Harness.binary, ["report", "review", "--period", "2026-Q4", "--format", "html", "-o", out, "--store", store])
        #expect(html.code == 0 && html.out.isEmpty, "\(html.err)")
        let page = try String(contentsOfFile: out, encoding: .utf8)
        #expect(page.contains("<svg") && !page.contains("<script"))
        let csv = try Harness.run(Harness.binary, ["report", "review", "--period", "2026-W44", "--format", "csv", "--store", store])
        #expect(csv.code == 0 && csv.out.hasPrefix("section,scope_kind,scope,day,metric,"))

        let bad = try Harness.run(Harness.binary, ["report", "review", "--period", "2026-W54", "--store", store])
        #expect(bad.code == 64 && bad.err.contains("column 7") && bad.err.contains("week"), "\(bad.code) \(bad.err)")
        let badFormat = try Harness.run(Harness.binary, ["report", "review", "--period", "2026-10", "--format", "pdf", "--store", store])
        #expect(badFormat.code == 64)
        let unwritable = try Harness.run(Harness.binary, ["report", "review", "--period", "2026-10", "-o", "/nonexistent/dir/x.md", "--store", store])
        #expect(unwritable.code == 1 && unwritable.err.contains("cannot write the review"), "\(unwritable.err)")
    }
}

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

    /// `snapshot --pane review --json` holds the same pack as `report review --format json` for the same period.
    @Test func paneSnapshotEqualsTheReportsJSON() throws {
        let dir = try Harness.tempDir()
        let store = dir.appendingPathComponent("s.sqlite").path
        let env = ["XDG_STATE_HOME": dir.path]
        let snapshot = try Harness.run(Harness.binary, ["snapshot", "--pane", "review", "--json", "--period", "2026-10", "--compare", "previous",
                                                       "--store", store, "--timeout", "30"], env: env, timeout: 90)
        try #require(snapshot.code == 0, "\(snapshot.err)")
        let report = try Harness.run(Harness.binary, ["report", "review", "--period", "2026-10", "--compare", "previous", "--format", "json", "--store", store],
                                     env: env)
        try #require(report.code == 0, "\(report.err)")
        let pane = try #require(try JSONSerialization.jsonObject(with: Data(snapshot.out.utf8)) as? [String: Any])
        #expect(pane["pane"] as? String == "review" && pane["status"] as? String == "ready" && pane["compare"] as? String == "previous")
        let packInPane = try #require(pane["review"] as? NSDictionary)
        let packInReport = try #require(try JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? NSDictionary)
        #expect(packInPane.isEqual(packInReport), "one derivation: the same numbers")
        #expect(((packInPane["sections"] as? [Any])?.count ?? 0) == 7)
    }

    /// The presenter pane in the real binary, in tmux at 100×30 on a new demo store: open a period, turn slides,
    /// compare, freeze, and a bad period's error line.
    @Test func presenterPaneInTmux() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let dir = try Harness.tempDir()
        let env = "env LANG=C.UTF-8 TERM=tmux-256color XDG_STATE_HOME=\(dir.path) XDG_CONFIG_HOME=\(dir.path)"
        let tmux = Tmux()
        try tmux.start(session: "r", width: 100, height: 30, command: "\(env) \(Harness.binary) --store \(dir.path)/fleet.sqlite; echo EXIT=$?; sleep 60")
        try tmux.waitFor("r", timeout: 60, "the overview") { $0.contains("FLEET NOW") }
        try tmux.keys("r", ":")
        try tmux.type("r", "review 2026-10")
        try tmux.keys("r", "Enter")
        try tmux.waitFor("r", "slide 1 of October with its numbers") {
            $0.contains("REVIEW 2026-10 (2026-10-01 – 2026-10-31)") && $0.contains("1 Capacity") && $0.contains("ALLOCATION")
                && $0.contains("allocated") && $0.contains("EFFECTIVE UTILISATION PER DAY")
        }
        try tmux.keys("r", "Right")
        try tmux.waitFor("r", "slide 2") { $0.contains("2 Queues & SLA") && $0.contains("SLA ATTAINMENT") && $0.contains("class ") }
        try tmux.keys("r", "c")
        try tmux.waitFor("r", "the comparison with September") { $0.contains("vs 2026-09") && $0.contains("change vs 2026-09") }
        try tmux.keys("r", "PPage", "f")
        try tmux.waitFor("r", "slide 1, frozen") { $0.contains("FROZEN as of") && $0.contains("ALLOCATION") }
        try tmux.keys("r", "q")
        try tmux.waitFor("r", "q picks the last quarter, it does not quit") { $0.contains("REVIEW 2026-Q3") && !$0.contains("EXIT=") }
        try tmux.keys("r", ":")
        try tmux.type("r", "review 2026-Q5")
        try tmux.keys("r", "Enter")
        try tmux.waitFor("r", "the bad period's error line") { $0.contains("column 7: quarter must be 1–4") }
        try tmux.keys("r", ":")
        try tmux.type("r", "q")
        try tmux.keys("r", "Enter")
        try tmux.waitFor("r", "a clean exit") { $0.contains("EXIT=0") }
    }
}

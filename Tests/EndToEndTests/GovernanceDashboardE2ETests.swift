import Foundation
import Testing

/// Governance in the running dashboard (tmux, LANG=C.UTF-8): decisions from the CLI show within a second, the
/// approvals pane decides with a reason and an explicit yes, and Alertmanager webhooks arrive and can be acked.
extension GovernanceE2ETests {
    @Test func cliDecisionsShowLiveAndTheDashboardDecides() throws {
        guard Harness.hasTmux, GovernanceE2ETests.canRunAsOthers else {
            print("skipped: needs tmux, and root with runuser to act as other OS users")
            return
        }
        let (_, store, policy, binary) = try GovernanceE2ETests.sharedStore()
        let s = ["--store", store]
        let tmux = Tmux()
        try tmux.start(session: "gov", width: 160, height: 45, command: "LANG=C.UTF-8 \(binary) --store \(store) --policy \(policy)")
        try tmux.waitFor("gov", "the dashboard", { $0.contains("policy:") })
        try tmux.keys("gov", ":")
        try tmux.type("gov", "approvals")
        try tmux.keys("gov", "Enter")
        try tmux.waitFor("gov", "the approvals pane", { $0.contains("APPROVALS") && $0.contains("you: root") })

        let started = Date()
        let filed = try GovernanceE2ETests.asUser("fdt-frank", binary, ["request", "override", "--team", "nlp", "--gpus", "4", "--hours", "2",
                                                                         "--reason", "eval sweep"] + s)
        #expect(filed.code == 0, "\(filed.err)")
        try tmux.waitFor("gov", timeout: 5, "R-1 in the pane", { $0.contains("R-1") && $0.contains("eval sweep") })
        let visible = Date().timeIntervalSince(started) - filed.seconds
        #expect(visible < 1.0, "a request filed elsewhere showed after \(visible) s")

        // Approve from the dashboard: a, a reason, Enter to review, y to confirm.
        try tmux.keys("gov", "a")
        try tmux.waitFor("gov", "the reason form", { $0.contains("approve R-1") })
        try tmux.type("gov", "sweep is small")
        try tmux.keys("gov", "Enter")
        try tmux.waitFor("gov", "the confirm step", { $0.contains("Approve R-1?") })
        try tmux.keys("gov", "y")
        try tmux.waitFor("gov", "the saved decision", { $0.contains("approved R-1 — saved") })
        let shown = try Harness.run(binary, ["request", "show", "R-1", "--json"] + s)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any], "\(shown.err)")
        #expect(obj["status"] as? String == "approved" && obj["decided_by"] as? String == "root")

        // A decision taken in another terminal reaches this dashboard.
        _ = try GovernanceE2ETests.asUser("fdt-frank", binary, ["request", "override", "--kind", "priority", "--team", "nlp", "--gpus", "2",
                                                                 "--hours", "1", "--reason", "demo"] + s)
        let denied = try GovernanceE2ETests.asUser("fdt-alice", binary, ["deny", "R-2", "--reason", "not now"] + s)
        #expect(denied.code == 0, "\(denied.err)")
        try tmux.waitFor("gov", timeout: 3, "R-2 denied in the pane", { $0.contains("denied") })
        try tmux.keys("gov", ":")
        try tmux.type("gov", "teams")
        try tmux.keys("gov", "Enter")
        try tmux.waitFor("gov", "the override in :teams", { $0.contains("R-1 quota +4") })
        try tmux.keys("gov", "q")
    }

    @Test func alertmanagerWebhooksArriveAndCanBeAcked() throws {
        guard Harness.hasTmux, FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else {
            print("skipped: needs tmux and curl")
            return
        }
        let dir = try Harness.tempDir()
        // The shape of Alertmanager's webhook (version 4); parsing of the real captures is tested in FleetFeedsTests.
        let payload = dir.appendingPathComponent("payload.json")
        try #"""
            {"version":"4","status":"firing","receiver":"fleetdeck","groupLabels":{},"commonLabels":{},"commonAnnotations":{},
             "externalURL":"http://am:9093","alerts":[{"status":"firing","labels":{"alertname":"DCGMXidErrors","instance":"gpu-node-7",
             "severity":"critical"},"annotations":{"summary":"XID 79 on gpu-node-7"},"startsAt":"2026-11-25T01:02:03.456Z",
             "endsAt":"0001-01-01T00:00:00Z","fingerprint":"a1b2c3"}]}
            """#.write(to: payload, atomically: true, encoding: .utf8)
        let store = dir.appendingPathComponent("s.sqlite").path
        let port = 20_000 + Int(getpid() % 20_000)
        let tmux = Tmux()
        try tmux.start(session: "al", width: 160, height: 40,
                       command: "LANG=C.UTF-8 \(Harness.binary) --store \(store) --alertmanager-listen \(port)")
        try tmux.waitFor("al", "the fleet", { $0.contains("sim-fleet") })
        var posted: (code: Int32, out: String, err: String, seconds: Double) = (1, "", "", 0)
        for _ in 0..<20 {
            posted = try Harness.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                                                       "--data-binary", "@\(payload.path)", "http://127.0.0.1:\(port)/"])
            if posted.out == "200" { break }
            Thread.sleep(forTimeInterval: 0.3)
        }
        #expect(posted.out == "200", "\(posted)")
        try tmux.keys("al", ":")
        try tmux.type("al", "alerts")
        try tmux.keys("al", "Enter")
        let screen = try tmux.waitFor("al", "Alertmanager's alerts", { $0.contains("alertmanager") })
        let line = try #require(screen.split(separator: "\n").first { $0.contains("alertmanager") })
        try tmux.keys("al", "/")
        try tmux.type("al", "alertmanager")
        try tmux.keys("al", "Enter", "A")
        try tmux.waitFor("al", "the ack form", { $0.contains("acknowledge:") })
        try tmux.type("al", "looking")
        try tmux.keys("al", "Enter", "y")
        try tmux.waitFor("al", "the ack", { $0.contains("acknowledged") && $0.contains("root: looking") })
        #expect(!line.isEmpty)
        let verify = try Harness.run(Harness.binary, ["audit", "export", "--store", store])
        #expect(verify.out.contains("\"action\":\"alert.acked\""), "\(verify.out)")
        try tmux.keys("al", "q")
    }
}

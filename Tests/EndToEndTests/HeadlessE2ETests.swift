import Foundation
import Testing

/// Headless behaviour of the real binary: no TTY, snapshots, restart, corrupt stores.
@Suite(.serialized) struct HeadlessE2ETests {
    @Test func noTTYGivesAClearErrorAndExitCode2() throws {
        let r = try Harness.run(Harness.binary, [], env: ["TERM": "xterm"], timeout: 10)
        #expect(r.code == 2)
        #expect(r.err.split(separator: "\n").count == 1 && r.err.contains("terminal"))
        #expect(r.seconds < 5)
    }

    @Test func reproducibleSnapshotAtSimMinute() throws {
        let args = ["snapshot", "--pane", "overview", "--width", "120", "--height", "40", "--seed", "7", "--at-sim-minute", "300"]
        let a = try Harness.run(Harness.binary, args), b = try Harness.run(Harness.binary, args)
        #expect(a.code == 0 && a.out == b.out)
        #expect(a.out.contains("FLEET NOW") && a.out.contains("Mon 2026-11-02 05:00"))
        let json = try Harness.run(Harness.binary, ["snapshot", "--pane", "overview", "--json", "--seed", "7", "--at-sim-minute", "300"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        for key in ["capacity", "allocation", "busy", "effective_utilisation", "idle_allocated", "queue_depth", "queue_wait",
                    "oldest_pending_wait_seconds", "cost_exposure_per_hour", "idle_cost_exposure_per_hour", "open_alerts",
                    "pending_approvals", "feed_freshness"] {
            #expect(obj[key] != nil, "missing KPI \(key)")
        }
        #expect(obj["total_gpus"] as? Int == 512)
    }

    @Test func restartResumesFromTheStoredState() throws {
        let dir = try Harness.tempDir()
        let store = dir.appendingPathComponent("s.sqlite").path
        func snapshot() throws -> [String: Any] {
            let r = try Harness.run(Harness.binary, ["snapshot", "--json", "--store", store, "--speed", "600"], timeout: 60)
            #expect(r.code == 0, "snapshot failed: \(r.err)")
            return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        }
        let first = try snapshot()
        let second = try snapshot()
        let t1 = try #require(first["fleet_time"] as? String), t2 = try #require(second["fleet_time"] as? String)
        #expect(t2 >= t1)  // Resumed, not restarted from minute 0.
        #expect(t1 >= "2026-11-02 08:00")
        #expect(second["total_gpus"] as? Int == first["total_gpus"] as? Int)
    }

    @Test func corruptAndForeignStoresAreRefusedUntouched() throws {
        let dir = try Harness.tempDir()
        let file = dir.appendingPathComponent("bad.sqlite")
        let junk = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try junk.write(to: file)
        let r = try Harness.run(Harness.binary, ["snapshot", "--store", file.path, "--timeout", "2"])
        #expect(r.code == 1)
        #expect(r.err.contains(file.path))
        #expect(try Data(contentsOf: file) == junk)
    }

    @Test func brokenThemeFileIsReportedWithLineAndDefaultIsUsed() throws {
        let dir = try Harness.tempDir()
        let theme = dir.appendingPathComponent("broken.theme")
        try "[roles]\nok = green\nwarn = chartreuse-ish bold\n".write(to: theme, atomically: true, encoding: .utf8)
        let args = ["snapshot", "--at-sim-minute", "60", "--width", "80", "--height", "24", "--theme", theme.path]
        let r = try Harness.run(Harness.binary, args)
        #expect(r.code == 0)
        #expect(r.err.contains("broken.theme:3:"), "stderr was: \(r.err)")
        #expect(r.out.contains("FLEET NOW"))
    }

    @Test func noColorLeavesOnlyAttributes() throws {
        let args = ["snapshot", "--at-sim-minute", "60", "--width", "100", "--height", "30", "--styles"]
        let colored = try Harness.run(Harness.binary, args, env: ["NO_COLOR": ""])  // The test runner may set it.
        let plain = try Harness.run(Harness.binary, args, env: ["NO_COLOR": "1"])
        let legend = { (s: String) in s.split(separator: "\n").filter { $0.contains(" fg=") } }
        #expect(legend(colored.out).contains { !$0.contains("fg=default bg=default") })
        #expect(!legend(plain.out).isEmpty && legend(plain.out).allSatisfy { $0.contains("fg=default bg=default") })
    }
}

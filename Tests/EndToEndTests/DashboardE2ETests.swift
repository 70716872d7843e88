import Foundation
import Testing

/// The real binary in tmux with LANG=C.UTF-8: start, navigate, resize, quit, and check the terminal is restored.
@Suite(.serialized) struct DashboardE2ETests {
    func dashboardCommand(_ dir: URL, extra: String = "", pidFile: String? = nil) -> String {
        let env = "env LANG=C.UTF-8 TERM=tmux-256color XDG_STATE_HOME=\(dir.path) XDG_CONFIG_HOME=\(dir.path)"
        let run = "\(env) \(Harness.binary) --store \(dir.path)/fleet.sqlite \(extra)"
        let inner = pidFile.map { "sh -c 'echo $$ > \($0); exec \(run)'" } ?? run
        return "\(inner); echo EXIT=$?; sleep 60"
    }

    /// Sends a signal to the dashboard whose pid the wrapper wrote to `pidFile`.
    func send(_ signal: String, toPIDIn pidFile: String) throws {
        let pid = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try Harness.run("/bin/kill", ["-\(signal)", pid])
    }

    @Test func navigateResizeAndQuit() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let dir = try Harness.tempDir()
        let tmux = Tmux()
        try tmux.start(session: "t", width: 120, height: 40, command: dashboardCommand(dir))
        try tmux.waitFor("t", "the overview") { $0.contains("FLEET NOW") && $0.contains("sim-fleet") && $0.contains("QUEUES") }
        #expect(try tmux.cmd("display", "-p", "-t", "t", "#{alternate_on}").hasPrefix("1"))

        try tmux.keys("t", ":")
        try tmux.type("t", "te")
        try tmux.waitFor("t", "command completion candidates") { $0.contains(":te") && $0.contains("Tab: teams") }
        try tmux.keys("t", "Tab", "Enter")
        try tmux.waitFor("t", "the teams pane") { $0.contains("TEAMS ·") && $0.contains("nlp") }

        try tmux.keys("t", "Tab")
        try tmux.waitFor("t", "the cost pane after Tab") { $0.contains("COST by team") && $0.contains("exposure") }
        try tmux.keys("t", "Tab")
        try tmux.waitFor("t", "the forecast pane after Tab") { $0.contains("FORECAST GPU demand") }
        try tmux.keys("t", "Tab")
        try tmux.waitFor("t", "the approvals pane after Tab") { $0.contains("APPROVALS ·") && $0.contains("a approve") }
        try tmux.keys("t", "Tab")
        try tmux.waitFor("t", "the alerts pane after Tab") { $0.contains("ALERTS ·") }
        try tmux.keys("t", "Tab")
        try tmux.waitFor("t", "the GPU pane after Tab") { $0.contains("GPUS ·") && $0.contains("HEALTH") }
        try tmux.keys("t", "/")
        try tmux.type("t", "!healthy")
        try tmux.keys("t", "Enter")
        // Which faults the simulated fleet has at this minute varies: an XID on an up node, or a node that is down.
        try tmux.waitFor("t", "unhealthy GPUs only") {
            $0.contains("filter /!healthy") && ($0.contains("degraded: XID") || $0.contains("FAILING: XID") || $0.contains("node down"))
        }
        try tmux.keys("t", "Enter")
        // A GPU with its own fault shows drain advice; one on a down node says so (its advice line may be cut at 40 rows).
        try tmux.waitFor("t", "the GPU detail") { $0.contains("last hour") && ($0.contains("advice") || $0.contains("health    node down")) }
        try tmux.keys("t", "Escape")
        try tmux.keys("t", "Tab", "Tab", "Tab")
        try tmux.waitFor("t", "the overview after Tab (Tab wraps from feeds)") { $0.contains("FLEET NOW") }
        try tmux.keys("t", ":")
        try tmux.type("t", "jobs")
        try tmux.keys("t", "Enter")
        try tmux.waitFor("t", "the jobs pane") { $0.contains("JOBS —") }
        try tmux.keys("t", "/")
        try tmux.type("t", "running")
        try tmux.keys("t", "Enter")
        let filtered = try tmux.waitFor("t", "the filtered job list") { $0.contains("filter /running") }
        #expect(!filtered.contains(" pending "))

        try tmux.keys("t", "?")
        try tmux.waitFor("t", "help") { $0.contains("fleetdeck help") && $0.contains("drill down") }
        try tmux.keys("t", "Escape")
        try tmux.waitFor("t", "help closed") { !$0.contains("fleetdeck help") }

        try tmux.cmd("resize-window", "-t", "t", "-x", "60", "-y", "15")
        let small = try tmux.waitFor("t", "the 60×15 layout") { s in
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count <= 16 && s.contains("JOBS")
        }
        #expect(small.split(separator: "\n").allSatisfy { $0.count <= 60 })
        try tmux.cmd("resize-window", "-t", "t", "-x", "30", "-y", "8")
        try tmux.waitFor("t", "the too-small screen") { $0.contains("too small") }
        try tmux.cmd("resize-window", "-t", "t", "-x", "120", "-y", "40")
        try tmux.keys("t", "Escape", "Escape")
        try tmux.waitFor("t", "the overview after resizing back") { $0.contains("FLEET NOW") }

        try tmux.keys("t", "q")
        let after = try tmux.waitFor("t", "exit code 0 after q") { $0.contains("EXIT=0") }
        #expect(!after.contains("FLEET NOW"))  // Back on the normal screen.
        #expect(try tmux.cmd("display", "-p", "-t", "t", "#{alternate_on}").hasPrefix("0"))
    }

    @Test func sigtermRestoresTheTerminal() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let dir = try Harness.tempDir()
        let pidFile = dir.appendingPathComponent("pid").path
        let tmux = Tmux()
        try tmux.start(session: "t", width: 100, height: 30, command: dashboardCommand(dir, pidFile: pidFile))
        try tmux.waitFor("t", "the overview") { $0.contains("FLEET NOW") }
        try send("TERM", toPIDIn: pidFile)
        let after = try tmux.waitFor("t", "a clean exit after SIGTERM") { $0.contains("EXIT=0") }
        #expect(!after.contains("FLEET NOW"))
        #expect(try tmux.cmd("display", "-p", "-t", "t", "#{alternate_on}").hasPrefix("0"))
    }

    @Test func secondDashboardFollowsTheSameStore() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let dir = try Harness.tempDir()
        let tmux = Tmux()
        try tmux.start(session: "a", width: 160, height: 40, command: dashboardCommand(dir))
        // The simulator's feed status: the warmed-up fleet is stored (during the warm-up the overview shows a copy).
        try tmux.waitFor("a", "the writer's stored fleet") { $0.contains("FLEET NOW") && $0.contains("· writer") && $0.contains("● simulator") }
        try tmux.start(session: "b", width: 160, height: 40, command: dashboardCommand(dir))
        try tmux.waitFor("b", "the follower's overview") { $0.contains("FLEET NOW") && $0.contains("· follower") }
        // Both show the same fleet minute (the follower is at most one tick behind).
        func fleetMinute(_ s: String) -> String? {
            s.range(of: #"fleet \w{3} \d{4}-\d\d-\d\d \d\d:\d\d"#, options: .regularExpression).map { String(s[$0]) }
        }
        var same = false
        for _ in 0..<10 where !same {
            let a = fleetMinute(try tmux.capture("a")), b = fleetMinute(try tmux.capture("b"))
            same = a != nil && a == b
            if !same { Thread.sleep(forTimeInterval: 0.3) }
        }
        #expect(same, "writer and follower should show the same fleet minute")
        // When the writer quits, the follower takes over the feeds.
        try tmux.keys("a", "q")
        try tmux.waitFor("b", timeout: 20, "the follower taking over") { $0.contains("· writer") }
    }

    @Test func followerMarksTheFeedStaleWhenTheWriterDiesThenTakesOver() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let dir = try Harness.tempDir()
        let pidFile = dir.appendingPathComponent("pid").path
        let tmux = Tmux()
        try tmux.start(session: "a", width: 160, height: 40, command: dashboardCommand(dir, pidFile: pidFile))
        try tmux.waitFor("a", "the writer's stored fleet") { $0.contains("FLEET NOW") && $0.contains("· writer") && $0.contains("● simulator") }
        try tmux.start(session: "b", width: 160, height: 40, command: dashboardCommand(dir))
        try tmux.waitFor("b", "the follower's overview") { $0.contains("· follower") }
        try send("KILL", toPIDIn: pidFile)
        // Past three feed intervals the follower marks the feed stale; when the lease lapses it takes over.
        try tmux.waitFor("b", timeout: 15, "the stale feed marker") { $0.contains("STALE") }
        let after = try tmux.waitFor("b", timeout: 20, "the follower taking over") { $0.contains("· writer") && !$0.contains("STALE") }
        #expect(after.contains("FLEET NOW"))
    }
}

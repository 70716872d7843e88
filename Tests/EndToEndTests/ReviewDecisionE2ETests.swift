import Foundation
import Testing

/// The review board's decision log through the real binary: `n` in `:review` records an action item on a new demo
/// store, and `report review --format md` finds it after the dashboard quit.
@Suite struct ReviewDecisionE2ETests {
    @Test func decisionRecordedWithNIsInTheMarkdownReport() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let dir = try Harness.tempDir()
        let store = "\(dir.path)/f.sqlite"
        let env = "env LANG=C.UTF-8 TERM=tmux-256color XDG_STATE_HOME=\(dir.path) XDG_CONFIG_HOME=\(dir.path)"
        let tmux = Tmux()
        try tmux.start(session: "d", width: 120, height: 40, command: "\(env) \(Harness.binary) --store \(store); echo EXIT=$?; sleep 60")
        try tmux.waitFor("d", timeout: 60, "the overview") { $0.contains("FLEET NOW") }
        try tmux.keys("d", ":")
        try tmux.type("d", "review 2026-10")
        try tmux.keys("d", "Enter", "Right", "Right", "Right", "Right", "Right")
        try tmux.waitFor("d", "the governance slide with its empty log") { $0.contains("DECISIONS AND ACTION ITEMS (0)") }
        // A decision waits for the new fleet's warm-up to be stored: record until the dashboard says it was saved.
        let deadline = Date().addingTimeInterval(90)
        var screen = ""
        repeat {
            try tmux.keys("d", "n")
            try tmux.waitFor("d", "the decision form") { $0.contains("record a decision or action item for 2026-10") }
            try tmux.keys("d", "Right", "Tab")
            try tmux.type("d", "buy 64 H100 for nlp")
            try tmux.keys("d", "Tab")
            try tmux.type("d", "finance")
            try tmux.keys("d", "Tab")
            try tmux.type("d", "2026-12-15")
            try tmux.keys("d", "Enter", "y")
            screen = try tmux.waitFor("d", "the outcome line") { $0.contains("— saved") || $0.contains("not done") }
            if screen.contains("— saved") { break }
            Thread.sleep(forTimeInterval: 2)
        } while Date() < deadline
        #expect(screen.contains("recorded D-1 for 2026-10 — saved"), "\(screen)")
        try tmux.waitFor("d", "the decision on the governance slide") {
            $0.contains("DECISIONS AND ACTION ITEMS (1)") && $0.contains("buy 64 H100 for nlp") && $0.contains("2026-12-15")
        }
        Thread.sleep(forTimeInterval: 1)  // the writer's next turn stores the review context with the decision
        try tmux.keys("d", ":")
        try tmux.type("d", "q")
        try tmux.keys("d", "Enter")
        try tmux.waitFor("d", "a clean exit") { $0.contains("EXIT=0") }

        let md = try Harness.run(Harness.binary, ["report", "review", "--period", "2026-10", "--format", "md", "--store", store],
                                 env: ["XDG_STATE_HOME": dir.path])
        #expect(md.code == 0, "\(md.err)")
        #expect(md.out.contains("### Decisions and action items"))
        #expect(md.out.contains("| D-1 | action | buy 64 H100 for nlp | finance | 2026-12-15 | 2026-10 |"), "\(md.out.suffix(2000))")
        let audit = try Harness.run(Harness.binary, ["audit", "export", "--store", store], env: ["XDG_STATE_HOME": dir.path])
        #expect(audit.out.contains("review.action") && audit.out.contains("D-1"), "\(audit.code) \(audit.out.suffix(800)) \(audit.err)")
    }
}

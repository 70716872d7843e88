import Foundation
import Testing

/// Enter on a list whose order changes every second opens the row that was highlighted, in the real binary in tmux.
@Suite(.serialized) struct ResortingListE2ETests {
    /// The first cell (the job id) of the row drawn in the selection style, from a capture with escape sequences.
    func highlightedID(_ styled: String) -> String? {
        // The default theme's selection background is colour 24 (#005f87); with fewer colours it is reverse video.
        let selection = ["48;5;24m", "48:5:24m", "48;2;0;95;135m", "\u{1b}[7m"]
        let lines = styled.split(separator: "\n")
        // Below the table's header: the hint bar and header lines have styles of their own.
        guard let header = lines.firstIndex(where: { $0.contains("JOB") && $0.contains("QUEUE") }) else { return nil }
        let line = lines[(header + 1)...].first { line in selection.contains { line.contains($0) } }
        guard let line else { return nil }
        let plain = String(line).replacing(#/\x1b\[[0-9;:]*[A-Za-z]/#, with: "")
        return plain.split(separator: " ").first.map(String.init)
    }

    /// The ids in the first column of the job list, top to bottom.
    func listedIDs(_ screen: String) -> [String] {
        let lines = screen.split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(where: { $0.contains("JOB") && $0.contains("QUEUE") }) else { return [] }
        return lines[(header + 1)...].compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    @Test func enterOpensTheHighlightedJobOfAResortingList() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let dir = try Harness.tempDir()
        let tmux = Tmux()
        let env = "env LANG=C.UTF-8 TERM=tmux-256color XDG_STATE_HOME=\(dir.path) XDG_CONFIG_HOME=\(dir.path)"
        // Ten fleet minutes a second: jobs start, end and overtake each other in RUN every frame.
        try tmux.start(session: "t", width: 160, height: 50,
                       command: "\(env) \(Harness.binary) --store \(dir.path)/fleet.sqlite --speed 600; sleep 60")
        try tmux.waitFor("t", "the overview") { $0.contains("FLEET NOW") }
        try tmux.keys("t", ":")
        try tmux.type("t", "jobs")
        try tmux.keys("t", "Enter")
        try tmux.waitFor("t", "the jobs pane") { $0.contains("JOBS —") }
        // "." from the natural order steps to column 0, then on to RUN (column 8); r turns it longest first.
        for _ in 0...8 { try tmux.keys("t", ".") }
        try tmux.keys("t", "r")
        let sorted = try tmux.waitFor("t", "sorted by RUN") { $0.contains("sorted by RUN▼") }
        // The premise: the order does change by itself.
        let before = listedIDs(sorted)
        try tmux.waitFor("t", "the list to re-sort") { listedIDs($0) != before && !listedIDs($0).isEmpty }

        try tmux.keys("t", "Down", "Down", "Down")
        let styled = try tmux.cmd("capture-pane", "-p", "-e", "-t", "t")
        let id = try #require(highlightedID(styled), "no highlighted row in:\n\(styled)")
        #expect(!id.contains("…"), "the id column cut \(id)")
        try tmux.keys("t", "Enter")
        try tmux.waitFor("t", "the detail of the highlighted job \(id)") { $0.contains("─ job \(id) ") }
        try tmux.keys("t", "Escape", "q")
    }
}

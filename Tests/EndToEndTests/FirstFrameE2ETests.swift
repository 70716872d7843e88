import Foundation
import Testing

/// A new store's first frame: the fleet shows as soon as the simulator stored it, not after its first tick.
@Suite(.serialized) struct FirstFrameE2ETests {
    @Test func aNewStoreAtSpeedOneShowsTheFleetBeforeTheFirstTick() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let dir = try Harness.tempDir()
        let env = "env LANG=C.UTF-8 TERM=tmux-256color XDG_STATE_HOME=\(dir.path) XDG_CONFIG_HOME=\(dir.path)"
        let tmux = Tmux()
        // At --speed 1 the first tick comes 30 s after the warm-up; the fleet must not wait for it.
        try tmux.start(session: "first", width: 160, height: 40,
                       command: "\(env) \(Harness.binary) --store \(dir.path)/fleet.sqlite --speed 1 --warmup-minutes 5; sleep 60")
        let started = Date()
        try tmux.waitFor("first", timeout: 20, "the fleet before the first tick") { $0.contains("FLEET NOW") && $0.contains("sim-fleet") }
        #expect(Date().timeIntervalSince(started) < 20)
        try tmux.keys("first", "q")
    }
}

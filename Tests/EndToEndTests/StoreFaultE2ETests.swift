import Foundation
import Testing

/// A shared store's server stopped and started under a running collector and dashboard (its own server, so that the
/// other tests' one stays up), and a `--read-only` dashboard that never becomes the writer.
@Suite(.serialized) struct StoreFaultE2ETests {
    @Test func aServerRestartShowsStaleThenLiveAndNeitherCollectorNorDashboardExits() throws {
        guard PostgresServer.binDirectory != nil else { print(PostgresServer.skipReason); return }
        guard Harness.hasTmux else { print("skipped: needs tmux"); return }
        let server = try PostgresServer.privateServer("fault")
        defer { server.remove() }
        #expect(try Harness.run(Harness.binary, ["store", "init", server.url], timeout: 60).code == 0)
        // One fleet minute per wall second: the minute on screen shows whether the collector writes.
        let collector = try CollectE2ETests.Background(["collect", "--store", server.url, "--gpus", "64", "--speed", "60",
                                                        "--warmup-minutes", "30"])
        #expect(collector.waitFor("status=ok", timeout: 90), "\(collector.log)")
        let tmux = Tmux()
        try tmux.start(session: "board", width: 200, height: 45, command: "LANG=C.UTF-8 \(Harness.binary) --store '\(server.url)'")
        try tmux.waitFor("board", timeout: 60, "the collector's fleet", { $0.contains("64 GPUs") && $0.contains("follower") })
        // A second collector waits for the lease through the outage, and takes over once the first one stops.
        let standby = try CollectE2ETests.Background(["collect", "--store", server.url, "--gpus", "64", "--wait-for-lease"])
        #expect(standby.waitFor("waiting for the writer lease"), "\(standby.log)")

        try server.restart("stop")
        let stopped = Date()
        let stale = try tmux.waitFor("board", timeout: 3, "STORE STALE within 3 s", { $0.contains("STORE STALE") })
        #expect(Date().timeIntervalSince(stopped) < 3.5, "STALE after \(Date().timeIntervalSince(stopped)) s")
        #expect(stale.contains("64 GPUs"), "the last fleet stays on screen:\n\(stale)")
        let minuteWhileDown = PostgresE2ETests.fleetMinute(stale)
        #expect(collector.waitFor("store unreachable: feeds paused", timeout: 5), "\(collector.log)")
        #expect(collector.exitCode(within: 0.5) == nil, "the collector exited:\n\(collector.log)")
        #expect(standby.waitFor("store unreachable: still waiting for the writer lease", timeout: 5), "\(standby.log)")
        #expect(standby.exitCode(within: 0.5) == nil, "the waiting collector exited:\n\(standby.log)")

        try server.restart("start")
        let started = Date()
        let live = try tmux.waitFor("board", timeout: 8, "live again", { !$0.contains("STORE STALE") && $0.contains("64 GPUs") })
        #expect(Date().timeIntervalSince(started) < 8, "live after \(Date().timeIntervalSince(started)) s")
        #expect(live.contains("follower"), "the collector kept the lease:\n\(live)")
        #expect(collector.waitFor("store reachable again: writing", timeout: 5), "\(collector.log)")
        // The collector writes again: the fleet minute on screen moves on from where the outage left it.
        let moved = try tmux.waitFor("board", timeout: 10, "the fleet minute advancing") {
            $0.contains("64 GPUs") && PostgresE2ETests.fleetMinute($0) != nil && PostgresE2ETests.fleetMinute($0) != minuteWhileDown
        }
        #expect(PostgresE2ETests.fleetMinute(moved) != minuteWhileDown, "\(moved)")
        #expect(collector.exitCode(within: 0.5) == nil, "the collector exited:\n\(collector.log)")
        #expect(!collector.log.contains("stopped writing") && !collector.log.contains("fenced"), "\(collector.log)")
        try tmux.keys("board", "q")
        // The dashboard would take the released lease too: it has quit before the collector releases it.
        Thread.sleep(forTimeInterval: 1)
        kill(collector.pid, SIGTERM)
        #expect(collector.exitCode(within: 5) == 0, "\(collector.log)")
        #expect(standby.waitFor("msg=collecting", timeout: 10), "\(standby.log)")
        kill(standby.pid, SIGTERM)
        #expect(standby.exitCode(within: 5) == 0, "\(standby.log)")
    }

    @Test func aReadOnlyDashboardNeverTakesTheLeaseAfterTheCollectorExits() throws {
        guard Harness.hasTmux else { print("skipped: needs tmux"); return }
        let store = try Harness.tempDir().appendingPathComponent("fleet.sqlite").path
        let once = try Harness.run(Harness.binary, ["collect", "--store", store, "--gpus", "64", "--warmup-minutes", "30", "--once"], timeout: 120)
        #expect(once.code == 0, "\(once.err)")
        let tmux = Tmux()
        try tmux.start(session: "ro", width: 200, height: 45, command: "LANG=C.UTF-8 \(Harness.binary) --read-only --store '\(store)'")
        try tmux.waitFor("ro", timeout: 30, "the stored fleet", { $0.contains("64 GPUs") && $0.contains("follower") })
        // The lease is free: a dashboard that may write takes it within a second; this one must not.
        Thread.sleep(forTimeInterval: 3)
        let screen = try tmux.capture("ro")
        #expect(screen.contains("follower") && !screen.contains("writer"), "\(screen)")
        try tmux.keys("ro", "q")
    }
}

import Foundation
import Testing

/// A dashboard following a collector that is still warming up a new store: it shows the writer's fleet minute from
/// what the collector publishes in the store, and one clear message once the store file is deleted.
@Suite(.serialized) struct WarmUpFollowerE2ETests {
    @Test func aFollowerShowsTheWritersWarmUpMinuteThenOneMessageWhenTheStoreIsDeleted() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let dir = try Harness.tempDir()
        let store = dir.appendingPathComponent("s.sqlite").path
        // Eight fleet hours of 4,000 GPUs: a warm-up of many seconds in a debug build, long enough to watch.
        let collector = try CollectE2ETests.Background(["collect", "--store", store, "--gpus", "4000", "--warmup-minutes", "480"])
        #expect(collector.waitFor("msg=collecting"), "\(collector.log)")
        let tmux = Tmux()
        try tmux.start(session: "w", width: 160, height: 30,
                       command: "env LANG=C.UTF-8 TERM=tmux-256color \(Harness.binary) --store \(store); sleep 30")
        let waiting = try tmux.waitFor("w", timeout: 60, "the writer's warm-up minute") {
            $0.contains("waiting for the writer: warming up, fleet minute ") && $0.contains(" of 480 (")
        }
        #expect(waiting.contains("follower"), "\(waiting)")
        try FileManager.default.removeItem(atPath: store)
        let lost = try tmux.waitFor("w", timeout: 10, "the store-lost line") { $0.contains("was deleted or replaced before a fleet arrived") }
        #expect(lost.contains("store lost"), "the header's role says it too:\n\(lost)")
        #expect(!lost.contains("waiting for the writer") && !lost.contains("loading"), "one message, no wait that cannot end:\n\(lost)")
        #expect(lost.components(separatedBy: "was deleted or replaced").count == 2, "said once:\n\(lost)")
    }
}

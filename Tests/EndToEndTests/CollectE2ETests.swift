import Foundation
import Testing

/// `fleetdeck collect` as a team runs it: no TTY, dashboards following it, signals, a second collector, fencing.
@Suite(.serialized) struct CollectE2ETests {
    /// A process left running in the background, its stderr in a file.
    final class Background {
        let pid: pid_t
        let errPath: String
        init(_ args: [String]) throws {
            errPath = FileManager.default.temporaryDirectory.appendingPathComponent("fd-collect-\(UUID().uuidString)").path
            pid = try Harness.spawn(Harness.binary, args, environment: ProcessInfo.processInfo.environment,
                                    stdout: "/dev/null", stderr: errPath)
        }
        var log: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
        /// Waits until stderr holds `text`.
        func waitFor(_ text: String, timeout: Double = 30) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline { if log.contains(text) { return true }; usleep(100_000) }
            return false
        }
        /// The exit status once it exits within `timeout` seconds, else nil.
        func exitCode(within timeout: Double) -> Int32? {
            let deadline = Date().addingTimeInterval(timeout)
            var status: Int32 = 0
            while Date() < deadline {
                if waitpid(pid, &status, WNOHANG) == pid { return Harness.exitCode(status) }
                usleep(20_000)
            }
            return nil
        }
        deinit { kill(pid, SIGKILL); _ = waitpid(pid, nil, 0); unlink(errPath) }
    }

    static func simulator(_ store: String) -> [String] { ["collect", "--store", store, "--gpus", "64", "--speed", "600"] }

    @Test func onceFillsTheStoreFromSavedSlurmFiles() throws {
        guard let nodes = RealInputE2ETests.data("slurm/slurmrestd-24.11_data_parser_v0.0.42/slurm-nodes.json"),
              let jobs = RealInputE2ETests.data("slurm/slurmrestd-24.11_data_parser_v0.0.42/slurm-job-gpus-multi-nodes.json") else {
            print("skipped: ../shared/data/slurm absent")
            return
        }
        let store = try Harness.tempDir().appendingPathComponent("s.sqlite").path
        let r = try Harness.run(Harness.binary, ["collect", "--once", "--store", store, "--slurm-json", nodes, "--slurm-json", jobs], timeout: 60)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("level=info msg=\"feed status\" feed=\"slurm-json \(jobs)\" kind=slurm-json status=ok"), "\(r.err)")
        // A follower reads what the collector stored: while a collector holds the lease, snapshot only follows.
        let collector = try Background(["collect", "--store", store, "--slurm-json", nodes, "--slurm-json", jobs, "--scheduler-interval", "1"])
        #expect(collector.waitFor("msg=collecting"))
        let snap = try Harness.run(Harness.binary, ["snapshot", "--json", "--store", store, "--timeout", "10",
                                                    "--slurm-json", nodes, "--slurm-json", jobs], timeout: 30)
        #expect(snap.code == 0 && snap.out.contains(#""allocated_gpus" : 12"#), "\(snap.err)\(snap.out.prefix(300))")
        kill(collector.pid, SIGTERM)
        #expect(collector.exitCode(within: 2) == 0)
        let bad = try Harness.run(Harness.binary, ["collect", "--once", "--store", store, "--slurm-json", "/nonexistent.json",
                                                   "--timeout", "20"], timeout: 60)
        #expect(bad.code == 4 && bad.err.contains("level=error msg=\"feed status\""), "\(bad.err)")
    }

    @Test("with its collector stopped, a store fed by real sources is not written by the simulator")
    func theSimulatorDoesNotWriteIntoARealStore() throws {
        guard let nodes = RealInputE2ETests.data("slurm/slurmrestd-24.11_data_parser_v0.0.42/slurm-nodes.json") else {
            print("skipped: ../shared/data/slurm absent")
            return
        }
        let store = try Harness.tempDir().appendingPathComponent("s.sqlite").path
        let filled = try Harness.run(Harness.binary, ["collect", "--once", "--store", store, "--slurm-json", nodes], timeout: 60)
        #expect(filled.code == 0, "\(filled.err)")
        let collect = try Harness.run(Harness.binary, ["collect", "--store", store], timeout: 30)
        #expect(collect.code == 2 && collect.err.contains("no collector is writing it"), "\(collect.code) \(collect.err)")
        let snap = try Harness.run(Harness.binary, ["snapshot", "--json", "--store", store, "--timeout", "3"], timeout: 30)
        #expect(!snap.out.contains("simulator") && snap.out.contains("slurm-json"), "\(snap.err)\(snap.out.prefix(400))")
    }

    @Test func sigtermReleasesTheLeaseAndAWaitingCollectorTakesOver() throws {
        let store = try Harness.tempDir().appendingPathComponent("s.sqlite").path
        let first = try Background(Self.simulator(store))
        #expect(first.waitFor("status=ok"), "\(first.log)")
        let refused = try Harness.run(Harness.binary, Self.simulator(store), timeout: 20)
        #expect(refused.code == 3 && refused.err.contains("--wait-for-lease"), "\(refused.err)")
        let second = try Background(Self.simulator(store) + ["--wait-for-lease"])
        #expect(second.waitFor("waiting for the writer lease"))
        let stopAt = Date()
        kill(first.pid, SIGTERM)
        #expect(first.exitCode(within: 2) == 0, "\(first.log)")
        #expect(second.waitFor("msg=collecting epoch=2", timeout: 5), "\(second.log)")
        #expect(Date().timeIntervalSince(stopAt) < 5, "took over within the lease TTL")
        kill(second.pid, SIGTERM)
        #expect(second.exitCode(within: 2) == 0)
    }

    @Test func aWriterStoppedPastItsLeaseIsFencedWhenItResumes() throws {
        let store = try Harness.tempDir().appendingPathComponent("s.sqlite").path
        let paused = try Background(Self.simulator(store))
        #expect(paused.waitFor("status=ok"), "\(paused.log)")
        kill(paused.pid, SIGSTOP)
        let taker = try Background(Self.simulator(store) + ["--wait-for-lease"])
        #expect(taker.waitFor("msg=collecting epoch=2", timeout: 15), "\(taker.log)")
        kill(paused.pid, SIGCONT)
        #expect(paused.exitCode(within: 5) == 5, "\(paused.log)")
        #expect(paused.log.contains("msg=\"stopped writing\" reason=\"fenced: another writer"), "\(paused.log)")
        #expect(taker.exitCode(within: 0.5) == nil, "the new writer goes on")
        kill(taker.pid, SIGTERM)
        #expect(taker.exitCode(within: 2) == 0)
    }

    @Test func aDashboardInTmuxFollowsTheCollector() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let store = try Harness.tempDir().appendingPathComponent("s.sqlite").path
        let collector = try Background(Self.simulator(store))
        #expect(collector.waitFor("status=ok"), "\(collector.log)")
        let tmux = Tmux()
        try tmux.start(session: "f", width: 120, height: 36,
                       command: "env LANG=C.UTF-8 TERM=tmux-256color \(Harness.binary) --store \(store); sleep 30")
        try tmux.waitFor("f", "the dashboard following the collector") { $0.contains("follower") && $0.contains("64 GPUs") }
        kill(collector.pid, SIGTERM)
        #expect(collector.exitCode(within: 2) == 0)
        try tmux.waitFor("f", timeout: 10, "the dashboard taking over") { $0.contains("writer") }
    }

    @Test func configCheckLocatesErrorsAndCollectRefusesABadConfig() throws {
        let file = try Harness.tempDir().appendingPathComponent("c.yaml")
        try "feeds:\n  telemetry:\n    timeout: 2h\n    prometheus: {url: 'http://p:9090', token: hunter2}\n".write(to: file, atomically: true, encoding: .utf8)
        let check = try Harness.run(Harness.binary, ["config", "check", file.path])
        #expect(check.code == 2)
        #expect(check.err.contains("\(file.path):3: feeds.telemetry.timeout: must be"), "\(check.err)")
        #expect(check.err.contains("\(file.path):4: feeds.telemetry.prometheus.token: secrets are never written"), "\(check.err)")
        #expect(!check.err.contains("hunter2"))
        let collect = try Harness.run(Harness.binary, ["collect", "--config", file.path], timeout: 20)
        #expect(collect.code == 2 && collect.err.contains("bad configuration"), "\(collect.err)")
    }
}

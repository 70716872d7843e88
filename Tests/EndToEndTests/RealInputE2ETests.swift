import Foundation
import Testing

/// The headless commands on saved inputs, as a new user runs them: Alertmanager files, Slurm files in either order,
/// traces, and what `snapshot` says when a feed fails.
@Suite(.serialized)
struct RealInputE2ETests {
    /// `shared/data/<relative>` beside an ancestor of this file, or nil.
    static func data(_ relative: String) -> String? {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/data").appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    @Test func alertmanagerFileIsReadBySnapshotAndFeeds() throws {
        let dir = try Harness.tempDir()
        let payload = dir.appendingPathComponent("am.json")
        try Data(#"{"version":"1","status":"firing","alerts":[{"labels":{"alertname":"GPUHot","instance":"g1"},"startsAt":"2024-01-02T03:04:05Z"}]}"#.utf8)
            .write(to: payload)
        let snapshot = try Harness.run(Harness.binary, ["snapshot", "--pane", "alerts", "--json", "--at-sim-minute", "5",
                                                        "--alertmanager-file", payload.path])
        #expect(snapshot.code == 0, "\(snapshot.err)")
        #expect(snapshot.out.contains("GPUHot"))
        let feeds = try Harness.run(Harness.binary, ["feeds", "--alertmanager-file", payload.path])
        #expect(feeds.code == 0 && feeds.out.contains("[alertmanager]  ok  1 alerts"), "\(feeds.out)")
        #expect(feeds.out.contains(#"version: "1" is not "4""#))

        try Data("{\"version\":\"4\",\"alerts\":[".utf8).write(to: payload)
        let truncated = try Harness.run(Harness.binary, ["feeds", "--alertmanager-file", payload.path])
        #expect(truncated.code == 4 && truncated.out.contains("FAILING"), "\(truncated.out)")
        let failing = try Harness.run(Harness.binary, ["snapshot", "--pane", "alerts", "--json", "--at-sim-minute", "5",
                                                       "--alertmanager-file", payload.path])
        #expect(failing.code == 3 && failing.err.contains("FAILING"), "\(failing.err)")
    }

    @Test func slurmFilesInEitherOrderGiveTheSameAllocation() throws {
        guard let nodes = Self.data("slurm/slurmrestd-24.11_data_parser_v0.0.42/slurm-nodes.json"),
              let jobs = Self.data("slurm/slurmrestd-24.11_data_parser_v0.0.42/slurm-job-gpus-multi-nodes.json") else {
            print("skipped: ../shared/data/slurm absent")
            return
        }
        let dir = try Harness.tempDir()
        for (k, order) in [[nodes, jobs], [jobs, nodes]].enumerated() {
            for run in 0..<2 {
                let store = dir.appendingPathComponent("s\(k)\(run).sqlite").path
                let r = try Harness.run(Harness.binary, ["snapshot", "--json", "--store", store, "--timeout", "10",
                                                         "--slurm-json", order[0], "--slurm-json", order[1]], timeout: 30)
                #expect(r.code == 0, "\(r.err)")
                #expect(r.out.contains(#""allocated_gpus" : 12"#), "order \(k): \(r.out.prefix(400))")
                #expect(r.out.contains(#""as_of" : "2025-11-17"#))
            }
        }
    }

    /// A real GPU read without a policy file has no price: cost is missing (null), never a demo figure.
    @Test func aLiveFleetWithoutPolicyShowsNoInventedCost() throws {
        guard let xml = Self.data("telemetry/nvidia-smi-captures/h200/h200-idle.xml") else {
            print("skipped: ../shared/data/telemetry absent")
            return
        }
        let store = try Harness.tempDir().appendingPathComponent("live.sqlite").path
        let r = try Harness.run(Harness.binary, ["snapshot", "--pane", "cost", "--json", "--store", store, "--timeout", "10",
                                                 "--nvidia-smi", xml], timeout: 30)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains(#""cost_per_hour" : null"#) && r.out.contains(#""unpriced_gpus" : 1"#), "\(r.out.prefix(600))")
        let overview = try Harness.run(Harness.binary, ["snapshot", "--json", "--store", store])
        #expect(overview.out.contains(#""policy" : "no policy file: no prices, quotas or budgets""#), "\(overview.out.prefix(600))")
    }

    @Test func snapshotSaysWhyAFeedFailedAndDoesNotWaitOutTheTimeout() throws {
        let dir = try Harness.tempDir()
        let bad = dir.appendingPathComponent("bad.json")
        try Data("{\"jobs\": [".utf8).write(to: bad)
        let r = try Harness.run(Harness.binary, ["snapshot", "--store", dir.appendingPathComponent("s.sqlite").path,
                                                 "--slurm-json", bad.path, "--timeout", "30"], timeout: 60)
        #expect(r.code == 3)
        #expect(r.err.contains("slurm-json \(bad.path)  [slurm-json]  FAILING  error:"), "\(r.err)")
        #expect(r.seconds < 15)
    }

    @Test func feedsValidatesAReplayTrace() throws {
        let dir = try Harness.tempDir()
        let trace = dir.appendingPathComponent("t.csv")
        try Data("team,submit,start,end,gpus,gpu_model,priority\na,0,10,100,2,H100,training\nb,x,,,1,,training\n".utf8).write(to: trace)
        let r = try Harness.run(Harness.binary, ["feeds", "--replay", trace.path])
        #expect(r.code == 0 && r.out.contains("[trace-replay]  ok  1 jobs") && r.out.contains("1 bad lines"), "\(r.out)")
        let snap = try Harness.run(Harness.binary, ["snapshot", "--json", "--replay", trace.path, "--at-sim-minute", "1"])
        #expect(snap.out.contains(#""fleet_time" : "2023-07-01 00:01:00""#), "\(snap.out.prefix(600))")
    }
}

/// Inputs that used to block, spin or write on after their store was gone.
@Suite(.serialized)
struct HostileIOE2ETests {
    @Test func stdinThatIsADirectoryBacksOffInsteadOfFillingTheStore() throws {
        let dir = try Harness.tempDir()
        let store = dir.appendingPathComponent("s.sqlite").path
        let r = try Harness.run("/bin/sh", ["-c", "exec \"$0\" snapshot --telemetry-file - --store \"$1\" --timeout 3 < /tmp",
                                            Harness.binary, store], timeout: 30)
        #expect(r.code == 3, "\(r.err)")
        #expect(r.err.lowercased().contains("is a directory"), "\(r.err)")
        let count = try Harness.run("/usr/bin/sqlite3", [store, "SELECT count(*) FROM events WHERE instr(payload, CAST('feedStatus' AS BLOB)) > 0"])
        #expect((Int(count.out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max) < 5, "\(count.out) \(count.err)")
    }

    @Test func aFIFOAsTelemetryFileOrStoreFailsAtOnce() throws {
        let dir = try Harness.tempDir()
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let feeds = try Harness.run(Harness.binary, ["feeds", "--telemetry-file", fifo], timeout: 20)
        #expect(feeds.code == 4 && feeds.out.contains("FIFO"), "\(feeds.out)")
        let snapshot = try Harness.run(Harness.binary, ["snapshot", "--store", fifo], timeout: 20)
        #expect(snapshot.code == 1 && snapshot.err.contains("FIFO") && snapshot.seconds < 10, "\(snapshot.err)")
        let audit = try Harness.run(Harness.binary, ["audit", "verify", "--store", fifo], timeout: 20)
        #expect(audit.code != 0 && audit.seconds < 10)
    }

    @Test func noEscapeSequenceReachesStderr() throws {
        let dir = try Harness.tempDir()
        let hostile = dir.appendingPathComponent("\u{1B}]0;owned\u{07}\u{1B}[31mred.yaml").path
        let runs = [
            try Harness.run(Harness.binary, ["policy", "check", hostile]),
            try Harness.run(Harness.binary, ["approve", "R-\u{1B}]0;owned\u{07}", "--reason", "x", "--store", dir.appendingPathComponent("s.sqlite").path]),
            try Harness.run(Harness.binary, ["snapshot", "--policy", hostile]),
            try Harness.run(Harness.binary, ["snapshot", "--gpus", "-1"]),
        ]
        for r in runs {
            #expect(r.code != 0)
            #expect(!r.err.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(r.err)")
        }
        #expect(runs[3].err.contains("--gpus must be between 8 and 100000"), "\(runs[3].err)")
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"), "needs root and runuser"))
    func aStoreThisUserCannotWriteOpensForReading() throws {
        let dir = try Harness.tempDir()
        let store = dir.appendingPathComponent("s.sqlite").path
        let made = try Harness.run(Harness.binary, ["snapshot", "--store", store, "--warmup-minutes", "5"], timeout: 60)
        try #require(made.code == 0, "\(made.err)")
        chmod(dir.path, 0o755)
        for suffix in ["", "-wal", "-shm"] { chmod(store + suffix, 0o444) }
        let r = try Harness.run("/usr/sbin/runuser", ["-u", "nobody", "--", Harness.binary, "snapshot", "--store", store, "--timeout", "3"],
                                timeout: 30)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("read-only for this user") && r.out.contains("read-only store"), "\(r.out.prefix(400)) \(r.err)")
        #expect(!r.err.contains("attempt to write"))
    }

    @Test func aDeletedStoreStopsTheWriter() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let dir = try Harness.tempDir()
        let store = dir.appendingPathComponent("fleet.sqlite").path
        let env = "env LANG=C.UTF-8 TERM=tmux-256color XDG_STATE_HOME=\(dir.path) XDG_CONFIG_HOME=\(dir.path)"
        let tmux = Tmux()
        try tmux.start(session: "gone", width: 160, height: 40,
                       command: "\(env) \(Harness.binary) --store \(store) --warmup-minutes 5; sleep 60")
        // Its fleet stored (during the warm-up the overview shows a copy of the fleet being made).
        try tmux.waitFor("gone", "the dashboard as writer") { $0.contains("FLEET NOW") && $0.contains("writer") && $0.contains("● simulator") }
        for suffix in ["", "-wal", "-shm"] { unlink(store + suffix) }
        let screen = try tmux.waitFor("gone", "the store lost notice") { $0.contains("deleted or replaced") }
        #expect(!screen.contains(" writer"))
        try tmux.keys("gone", "q")
        // Nothing recreated the file: the dashboard stopped writing.
        Thread.sleep(forTimeInterval: 1)
        #expect(!FileManager.default.fileExists(atPath: store))
    }
}

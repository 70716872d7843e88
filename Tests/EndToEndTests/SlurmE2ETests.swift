import Foundation
import Testing

/// A real Slurm 22.05 cluster on loopback (scripts/slurm-up.sh: four slurmd with fake GPUs, slurmrestd on a unix socket
/// and on TCP with JWT), demo jobs as several accounts so some run and some pend; fleetdeck must report what Slurm does.
@Suite(.serialized) struct SlurmE2ETests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// What Slurm itself says, from its plain-text commands.
    struct Truth {
        var pending: Int
        var running: Int
        var allocatedGPUs: Int
        var totalGPUs: Int
    }

    /// fleetdeck's figures from `snapshot --json` of the queues and overview panes.
    struct Seen {
        var pending = 0
        var running = 0
        var allocatedGPUs = 0
        var totalGPUs = 0
        var reasons: [String: Int] = [:]
    }

    @Test func pendingRunningAndGPUsEqualSqueueAndSinfoThroughTheCLIAndSlurmrestd() throws {
        let dir = try Harness.tempDir().appendingPathComponent("slurm")
        let up = try Harness.run("/bin/bash", [script("slurm-up.sh"), dir.path], timeout: 300)
        defer { _ = try? Harness.run("/bin/bash", [script("slurm-down.sh"), dir.path], timeout: 120) }
        try #require(up.code == 0, "slurm-up.sh failed: \(up.out.suffix(2000))\(up.err.suffix(2000))")
        let env = try Self.environment(dir)
        let demo = try Harness.run("/bin/bash", [script("slurm-submit-demo.sh"), dir.path], env: env, timeout: 120)
        try #require(demo.code == 0, "slurm-submit-demo.sh failed: \(demo.out.suffix(2000))\(demo.err.suffix(2000))")

        let truth = try slurmTruth(env)
        #expect(truth.pending > 0 && truth.running > 0, "the demo should leave jobs both running and pending")
        let socket = try #require(env["FLEETDECK_SLURMRESTD_SOCKET"])
        let url = try #require(env["FLEETDECK_SLURMRESTD_URL"])
        let paths: [(String, [String], [String: String])] = [
            ("cli", ["--slurm"], env),
            ("unix", ["--slurmrestd", "unix:\(socket)"], env),
            ("jwt", ["--slurmrestd", url], env.merging(["FLEETDECK_SLURM_USER": env["FLEETDECK_SLURMRESTD_USER"] ?? "root"]) { _, b in b }),
        ]
        for (name, flags, environment) in paths {
            let seen = try fleetdeck(flags, env: environment, store: dir.appendingPathComponent("\(name).sqlite").path)
            #expect(seen.pending == truth.pending, "\(name): pending \(seen.pending), squeue \(truth.pending)")
            #expect(seen.running == truth.running, "\(name): running \(seen.running), squeue \(truth.running)")
            #expect(seen.allocatedGPUs == truth.allocatedGPUs, "\(name): allocated GPUs \(seen.allocatedGPUs), sinfo \(truth.allocatedGPUs)")
            #expect(seen.totalGPUs == truth.totalGPUs, "\(name): GPUs \(seen.totalGPUs), sinfo \(truth.totalGPUs)")
            #expect((seen.reasons["Priority"] ?? 0) > 0 && (seen.reasons["QOS/limits"] ?? 0) > 0, "\(name): reasons \(seen.reasons)")
        }
        // Without the token slurmrestd refuses: the feed check fails and says why.
        var noToken = env
        noToken["SLURM_JWT"] = nil
        let refused = try Harness.run(Harness.binary, ["feeds", "--slurmrestd", url], env: noToken, timeout: 60)
        #expect(refused.code == 4)
        #expect(refused.out.contains("FAILING") && refused.out.contains("401"), "\(refused.out)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Self.capture), "../shared/data/slurm absent"))
    func queuesToJobsToWhyPendingInTmux() throws {
        guard Harness.hasTmux else { Issue.record("tmux is not installed: run scripts/install-deps.sh"); return }
        let dir = try Harness.tempDir()
        let feeds = "--slurm-json \(Self.capture)/squeue.json --slurm-json \(Self.capture)/sinfo.json --scheduler-interval 1"
        let run = "env LANG=C.UTF-8 TERM=tmux-256color \(Harness.binary) --store \(dir.path)/s.sqlite \(feeds)"
        let tmux = Tmux()
        try tmux.start(session: "q", width: 120, height: 36, command: "\(run); echo EXIT=$?; sleep 60")
        try tmux.waitFor("q", "the live Slurm fleet") { $0.contains("28 GPUs") && $0.contains("slurm-json") }
        try tmux.keys("q", ":")
        try tmux.type("q", "queues")
        try tmux.keys("q", "Enter")
        // The capture: partition gpu has 5 pending (4 Priority, 1 Resources), long has 1 waiting for nodes.
        let queues = try tmux.waitFor("q", "the queues pane") { $0.contains("QUEUES by partition") && $0.contains("Prio 4") }
        #expect(queues.contains("Res 1") && queues.contains("Nodes 1"))
        try tmux.keys("q", "Enter")
        try tmux.waitFor("q", "the gpu partition's jobs") { $0.contains("JOBS · queue gpu") && $0.contains("asr-1") }
        try tmux.keys("q", "Enter")
        let detail = try tmux.waitFor("q", "why the first job waits") { $0.contains("WHY PENDING") }
        #expect(detail.contains("position  1 of 5 pending in gpu"))
        #expect(detail.contains("quota     no quota set for"))
        try tmux.keys("q", "Escape", "q")
        try tmux.waitFor("q", "a clean exit") { $0.contains("EXIT=0") }
    }

    @Test func aHungOrFailingSlurmCommandFailsTheFeedWithItsError() throws {
        let hung = try Harness.run(Harness.binary, ["feeds", "--slurm-via", "sleep 30 &&", "--scheduler-timeout", "1"], timeout: 20)
        #expect(hung.code == 4)
        #expect(hung.out.contains("FAILING") && hung.out.contains("timed out after 1 s"), "\(hung.out)")
        let failing = try Harness.run(Harness.binary, ["feeds", "--slurm-via", "false &&"], timeout: 20)
        #expect(failing.code == 4 && failing.out.contains("squeue: exit 1"), "\(failing.out)")
    }

    static let capture = repo.deletingLastPathComponent().appendingPathComponent("shared/data/slurm/live-22.05-v0.0.38").path

    private func script(_ name: String) -> String { Self.repo.appendingPathComponent("scripts/\(name)").path }

    /// The `export K=V` lines of DIR/env; `SLURM_JWT` stays out of the CLI's way unless a test wants it.
    static func environment(_ dir: URL) throws -> [String: String] {
        let text = try String(contentsOf: dir.appendingPathComponent("env"), encoding: .utf8)
        var env: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count)
            guard let eq = pair.firstIndex(of: "=") else { continue }
            env[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        return env
    }

    private func slurmTruth(_ env: [String: String]) throws -> Truth {
        func lines(_ command: String) throws -> [String] {
            let r = try Harness.run("/bin/sh", ["-c", command], env: env, timeout: 60)
            #expect(r.code == 0, "\(command): \(r.err)")
            return r.out.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
        let pending = try lines("squeue -h -t PENDING -o %i").count
        let running = try lines("squeue -h -t RUNNING,COMPLETING,SUSPENDED -o %i").count
        // One line per node (the default partition holds them all): configured and used GRES.
        var total = 0, used = 0
        for line in try lines("sinfo -N -h -p gpu -O 'NodeHost:30,Gres:40,GresUsed:60'") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 3 else { continue }
            total += gpuCount(fields[1])
            used += gpuCount(fields[2])
        }
        return Truth(pending: pending, running: running, allocatedGPUs: used, totalGPUs: total)
    }

    /// GPUs in `gpu:h100:4(S:0)` / `gpu:h100:2(IDX:0-1)`: the last number before the parenthesis.
    private func gpuCount(_ gres: String) -> Int {
        gres.split(separator: ",").reduce(0) { sum, item in
            let spec = item.split(separator: "(").first ?? ""
            guard spec.hasPrefix("gpu") else { return sum }
            return sum + (Int(spec.split(separator: ":").last ?? "") ?? 0)
        }
    }

    private func fleetdeck(_ flags: [String], env: [String: String], store: String) throws -> Seen {
        func json(_ pane: String) throws -> [String: Any] {
            let r = try Harness.run(Harness.binary, ["snapshot", "--pane", pane, "--json", "--store", store,
                                                     "--scheduler-interval", "1", "--timeout", "60"] + flags,
                                    env: env, timeout: 120)
            try #require(r.code == 0, "snapshot \(flags) failed: \(r.err)")
            return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        }
        var seen = Seen()
        let queues = try #require(try json("queues")["queues"] as? [[String: Any]])
        for q in queues {
            seen.pending += q["pending_jobs"] as? Int ?? 0
            seen.running += q["running_jobs"] as? Int ?? 0
            for (reason, n) in q["pending_reasons"] as? [String: Int] ?? [:] { seen.reasons[reason, default: 0] += n }
        }
        let overview = try json("overview")
        seen.allocatedGPUs = overview["allocated_gpus"] as? Int ?? -1
        seen.totalGPUs = overview["total_gpus"] as? Int ?? -1
        return seen
    }
}

/// An approved quota raise carried out on a real Slurm cluster: the writer runs the plan (`sacctmgr … GrpTRES`) and
/// records the command and its result in the audit log.
extension GovernanceE2ETests {
    @Test func anApprovedQuotaRaiseRunsItsSacctmgrPlan() throws {
        guard Harness.hasTmux, GovernanceE2ETests.canRunAsOthers else {
            print("skipped: needs tmux, and root with runuser to act as other OS users")
            return
        }
        let repo = SlurmE2ETests.repo
        let dir = try Harness.tempDir().appendingPathComponent("slurm")
        let up = try Harness.run("/bin/bash", [repo.appendingPathComponent("scripts/slurm-up.sh").path, dir.path], timeout: 300)
        defer { _ = try? Harness.run("/bin/bash", [repo.appendingPathComponent("scripts/slurm-down.sh").path, dir.path], timeout: 120) }
        try #require(up.code == 0, "slurm-up.sh failed: \(up.out.suffix(2000))\(up.err.suffix(2000))")
        let env = try SlurmE2ETests.environment(dir)
        _ = try Harness.run("/bin/bash", [repo.appendingPathComponent("scripts/slurm-submit-demo.sh").path, dir.path], env: env, timeout: 120)
        let (work, _, _, binary) = try GovernanceE2ETests.sharedStore()
        let policy = work.appendingPathComponent("slurm-policy.yaml").path
        try """
            organisation: e2e
            departments:
              - name: research
                teams:
                  - {name: nlp, members: [fdt-frank], budget: {monthly: 50000}, quota: [{nominal: 2}]}
                  - {name: vision, budget: {monthly: 50000}, quota: [{nominal: 4}]}
                  - {name: platform, budget: {monthly: 50000}, quota: [{nominal: 4}]}
            roles:
              - {name: on-call, members: [root], approves: [quota]}
            governance:
              execute_plans: true

            """.write(toFile: policy, atomically: true, encoding: .utf8)
        chmod(policy, 0o644)
        let storeDir = work.appendingPathComponent("slurm-store")
        try FileManager.default.createDirectory(at: storeDir, withIntermediateDirectories: true)
        _ = Harness.run0("/bin/chgrp", [GovernanceE2ETests.group, storeDir.path])
        chmod(storeDir.path, 0o2770)
        let store = storeDir.appendingPathComponent("live.sqlite").path
        let tmux = Tmux()
        let exports = env.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        try tmux.start(session: "sl", width: 160, height: 40, command: "env LANG=C.UTF-8 \(exports) \(binary) --store \(store) --policy \(policy) --slurm --scheduler-interval 1")
        try tmux.waitFor("sl", timeout: 60, "the Slurm feed", { $0.contains("● slurm commands") && $0.contains("16 GPUs") })
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: store + suffix) {
            _ = Harness.run0("/bin/chgrp", [GovernanceE2ETests.group, store + suffix])
            chmod(store + suffix, 0o660)
        }
        let filed = try GovernanceE2ETests.asUser("fdt-frank", binary, ["request", "override", "--team", "nlp", "--gpus", "4", "--hours", "1",
                                                                         "--reason", "eval", "--store", store])
        #expect(filed.code == 0, "\(filed.out)\(filed.err)")
        let approved = try Harness.run(binary, ["approve", "R-1", "--reason", "ok", "--store", store])
        #expect(approved.code == 0, "\(approved.out)\(approved.err)")
        // The writer (the dashboard) runs the plan within a few seconds and records it.
        var grp = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            grp = try Harness.run("/bin/sh", ["-c", "sacctmgr -n -P show assoc where account=nlp format=user,grptres"], env: env).out
            if grp.contains("gres/gpu=6") { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(grp.contains("gres/gpu=6"), "nlp GrpTRES after the approved +4 on a quota of 2: \(grp)")
        let audit = try Harness.run(binary, ["audit", "export", "--store", store])
        #expect(audit.out.contains("\"action\":\"action.executed\"") && audit.out.contains("sacctmgr -i modify account name=nlp set GrpTRES=gres/gpu=6"),
                "\(audit.out.suffix(1500))")
        try tmux.keys("sl", "q")
    }
}

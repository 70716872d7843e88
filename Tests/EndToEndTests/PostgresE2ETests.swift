import Foundation
import Synchronization
import Testing

/// A team on one PostgreSQL store through the real binary: `store init`, a collector over TCP, a dashboard in tmux
/// following it, CLI decisions as database roles (the audit actor is the login, the viewer refused by the database),
/// and `store copy` SQLite → PostgreSQL → SQLite. Skipped, saying why, when the server binaries are not installed.
@Suite(.serialized) struct PostgresE2ETests {
    static let policy = """
        organisation: e2e
        departments:
          - name: research
            teams:
              - {name: nlp, members: [fd_req, root], budget: {monthly: 50000}, quota: [{nominal: 16}]}
              - {name: vision, budget: {monthly: 50000}, quota: [{nominal: 16}]}
        roles:
          - {name: on-call, members: [fd_ann, fd_bo, fd_vic], approves: [quota, priority]}

        """

    static func policyFile() throws -> String {
        let path = try Harness.tempDir().appendingPathComponent("policy.yaml").path
        try policy.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func fleetdeck(_ args: [String], timeout: Double = 90) throws -> (code: Int32, out: String, err: String, seconds: Double) {
        try Harness.run(Harness.binary, args, timeout: timeout)
    }

    @Test func aCollectorDashboardsAndApproversShareOneFleet() throws {
        guard PostgresServer.binDirectory != nil else { print(PostgresServer.skipReason); return }
        guard Harness.hasTmux else { print("skipped: needs tmux"); return }
        let db = try PostgresServer.freshDatabase()
        let owner = db.url(PostgresServer.superuser)
        let set = try Self.fleetdeck(["store", "init", owner])
        #expect(set.code == 0 && set.out.contains("schema: created version 1") && set.out.contains("fleet state format: 4 (set)"),
                "\(set.out)\(set.err)")
        let again = try Self.fleetdeck(["store", "init", owner])
        #expect(again.code == 0 && again.out.contains("schema: version 1 already there") && again.out.contains("roles: already there"),
                "\(again.out)\(again.err)")
        for (login, group) in [("fd_col", "writer"), ("fd_ann", "approver"), ("fd_bo", "approver"), ("fd_req", "approver"),
                               ("fd_vic", "viewer")] {
            try PostgresServer.createLogin(login, in: "fleetdeck_\(group)")
        }

        let policy = try Self.policyFile()
        // An approver's login may decide but not collect: refused at once, not left waiting for the lease.
        let approverCollects = try Self.fleetdeck(["collect", "--store", db.url("fd_ann"), "--gpus", "64"], timeout: 30)
        #expect(approverCollects.code == 2 && approverCollects.err.contains("fleetdeck_writer"), "\(approverCollects.err)")
        // Fleet time at the wall clock's pace, so that two dashboards can be compared at the same fleet minute.
        let collector = try CollectE2ETests.Background(["collect", "--store", db.url("fd_col"), "--policy", policy, "--gpus", "64",
                                                        "--speed", "1", "--warmup-minutes", "30"])
        #expect(collector.waitFor("status=ok", timeout: 90), "\(collector.log)")
        let tmux = Tmux()
        try tmux.start(session: "pg", width: 160, height: 45, command: "LANG=C.UTF-8 \(Harness.binary) --store '\(db.url("fd_ann"))'")
        try tmux.start(session: "board", width: 220, height: 45, command: "LANG=C.UTF-8 \(Harness.binary) --store '\(db.url("fd_vic"))'")
        try tmux.waitFor("pg", timeout: 60, "the collector's fleet in the dashboard", { $0.contains("64 GPUs") && $0.contains("follower") })
        try tmux.waitFor("board", timeout: 60, "the viewer's dashboard", { $0.contains("64 GPUs") && $0.contains("read-only store") })
        // Both dashboards show the same fleet minute (read again if a minute turned between the two captures).
        var minutes: [String] = []
        for _ in 0..<3 {
            minutes = try ["pg", "board"].map { try Self.fleetMinute(tmux.capture($0)) ?? "none" }
            if minutes[0] == minutes[1] { break }
            Thread.sleep(forTimeInterval: 1)
        }
        #expect(minutes[0] != "none" && minutes[0] == minutes[1], "\(minutes)")
        try tmux.keys("pg", ":")
        try tmux.type("pg", "approvals")
        try tmux.keys("pg", "Enter")
        // The dashboard acts as the login the database authenticated, not as the OS user running it.
        try tmux.waitFor("pg", "the approvals pane", { $0.contains("APPROVALS") && $0.contains("you: fd_ann") })

        let filed = try Self.fleetdeck(["request", "override", "--team", "nlp", "--gpus", "4", "--hours", "2", "--reason", "eval sweep",
                                        "--store", db.url("fd_req")])
        #expect(filed.code == 0, "\(filed.err)")
        try tmux.waitFor("pg", timeout: 5, "R-1 in the dashboard", { $0.contains("R-1") && $0.contains("eval sweep") })
        let approved = try Self.fleetdeck(["approve", "R-1", "--reason", "small sweep", "--store", db.url("fd_ann")])
        #expect(approved.code == 0 && approved.out.contains("R-1"), "\(approved.out)\(approved.err)")
        try tmux.waitFor("pg", timeout: 5, "the CLI's approval in the dashboard", { $0.contains("approved") })

        // A viewer named as an approver by the policy is still refused: by the database, which it cannot talk round.
        _ = try Self.fleetdeck(["request", "override", "--team", "nlp", "--gpus", "2", "--hours", "1", "--reason", "second",
                                "--store", db.url("fd_req")])
        let viewer = try Self.fleetdeck(["approve", "R-2", "--reason", "sneaky", "--store", db.url("fd_vic")])
        #expect(viewer.code == 3 && viewer.err.contains("refused this login") && viewer.err.contains("permission denied"),
                "\(viewer.code) \(viewer.err)")

        // Two approvers racing on one request: exactly one decision, the other is told who decided.
        _ = try Self.fleetdeck(["request", "override", "--team", "nlp", "--gpus", "1", "--hours", "1", "--reason", "third",
                                "--store", db.url("fd_req")])
        let raced = Mutex<[(code: Int32, out: String, err: String, seconds: Double)]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let login = ["fd_ann", "fd_bo"][i]
            if let r = try? Self.fleetdeck(["approve", "R-3", "--reason", "race \(i)", "--store", db.url(login)]) { raced.withLock { $0.append(r) } }
        }
        let results = raced.withLock { $0 }
        #expect(results.filter { $0.code == 0 && $0.out.contains("approved R-3") }.count == 1, "\(results)")
        #expect(results.filter { $0.code == 3 && $0.err.contains("R-3 was already approved by fd_") }.count == 1, "\(results)")

        let export = try Self.fleetdeck(["audit", "export", "--store", db.url("fd_vic")])
        let records = export.out.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let actors = records.map { "\($0["action"] as? String ?? "?") \($0["actor"] as? String ?? "?")" }
        #expect(actors.contains("request.filed fd_req") && actors.contains("request.approved fd_ann") && !actors.contains { $0.hasSuffix(" root") },
                "the audit actor is the database login: \(actors)")
        let verified = try Self.fleetdeck(["audit", "verify", "--store", db.url("fd_vic")])
        #expect(verified.code == 0 && verified.out.contains("intact"), "\(verified.out)\(verified.err)")

        try tmux.keys("pg", "q")
        try tmux.keys("board", "q")
        kill(collector.pid, SIGTERM)
        #expect(collector.exitCode(within: 5) == 0, "\(collector.log)")
        #expect(!collector.log.contains("error"), "\(collector.log)")
    }

    /// "fleet Mon 2026-11-02 10:00" from a dashboard's header.
    static func fleetMinute(_ screen: String) -> String? {
        guard let range = screen.range(of: #"fleet \w{3} \d{4}-\d{2}-\d{2} \d{2}:\d{2}"#, options: .regularExpression) else { return nil }
        return String(screen[range])
    }

    @Test func storeCopyToPostgresAndBackKeepsTheAuditHeadAndTheFleet() throws {
        guard PostgresServer.binDirectory != nil else { print(PostgresServer.skipReason); return }
        let dir = try Harness.tempDir()
        let policy = try Self.policyFile()
        let original = dir.appendingPathComponent("original.sqlite").path
        let made = try Self.fleetdeck(["snapshot", "--store", original, "--policy", policy, "--gpus", "64", "--warmup-minutes", "30",
                                       "--timeout", "60"])
        #expect(made.code == 0, "\(made.err)")
        for reason in ["first", "second"] {
            let filed = try Self.fleetdeck(["request", "override", "--team", "nlp", "--gpus", "2", "--hours", "1", "--reason", reason,
                                            "--store", original])
            #expect(filed.code == 0, "\(filed.err)")
        }
        let db = try PostgresServer.freshDatabase()
        let server = db.url(PostgresServer.superuser)
        #expect(try Self.fleetdeck(["store", "init", server]).code == 0)
        let migrated = try Self.fleetdeck(["store", "migrate", server])
        #expect(migrated.out.contains("schema: version 1 is current") && migrated.out.contains("fleet state format: 4 is current"),
                "\(migrated.out)\(migrated.err)")

        // A store whose writer holds the lease is refused: the copy would miss what it writes meanwhile.
        let leased = "INSERT INTO writer_lease (id, owner, expires_at) VALUES (1, 'e2e-collector', strftime('%s', 'now') + 600)"
        #expect(try Harness.run("/usr/bin/sqlite3", [original, leased]).code == 0)
        let live = try Self.fleetdeck(["store", "copy", original, server])
        #expect(live.code == 1 && live.err.contains("is being written: e2e-collector holds its writer lease"), "\(live.out)\(live.err)")
        #expect(try Harness.run("/usr/bin/sqlite3", [original, "DELETE FROM writer_lease"]).code == 0)

        let there = try Self.fleetdeck(["store", "copy", original, server])
        #expect(there.code == 0 && there.out.contains("audit heads equal"), "\(there.out)\(there.err)")
        let refused = try Self.fleetdeck(["store", "copy", original, server])
        #expect(refused.code == 1 && refused.err.contains("already holds a fleet"), "\(refused.out)\(refused.err)")
        let back = dir.appendingPathComponent("back.sqlite").path
        let home = try Self.fleetdeck(["store", "copy", server, back])
        #expect(home.code == 0 && home.out.contains("audit heads equal"), "\(home.out)\(home.err)")

        let stores = [original, server, back]
        let heads = try stores.map { try Self.fleetdeck(["audit", "verify", "--store", $0]).out }
        #expect(heads[0].contains("intact: 2 records") && Set(heads).count == 1, "\(heads)")
        let chargeback = try stores.map { try Self.fleetdeck(["report", "chargeback", "--format", "json", "--store", $0]).out }
        #expect(chargeback[0].contains("BilledCost") && Set(chargeback).count == 1, "\(chargeback.map { $0.prefix(200) })")
        let requests = try stores.map { try Self.fleetdeck(["request", "show", "R-2", "--json", "--store", $0]).out }
        #expect(requests.allSatisfy { $0.contains("second") }, "\(requests)")
    }

    @Test func aSecondCollectorTakesOverWithinTheLeaseTTLAfterKill9() throws {
        guard PostgresServer.binDirectory != nil else { print(PostgresServer.skipReason); return }
        let db = try PostgresServer.freshDatabase()
        #expect(try Self.fleetdeck(["store", "init", db.url(PostgresServer.superuser)]).code == 0)
        try PostgresServer.createLogin("fd_col", in: "fleetdeck_writer")
        let args = ["collect", "--store", db.url("fd_col"), "--gpus", "64", "--warmup-minutes", "30"]
        let first = try CollectE2ETests.Background(args)
        #expect(first.waitFor("status=ok", timeout: 90), "\(first.log)")
        let second = try CollectE2ETests.Background(args + ["--wait-for-lease"])
        #expect(second.waitFor("waiting for the writer lease"), "\(second.log)")
        kill(first.pid, SIGKILL)
        let killed = Date()
        // The lease (5 s of the server's clock) lapses; the waiting collector tries every 0.2 s.
        #expect(second.waitFor("msg=collecting", timeout: 10), "\(second.log)")
        #expect(Date().timeIntervalSince(killed) < 7, "took over after \(Date().timeIntervalSince(killed)) s")
        #expect(second.log.contains("epoch=2"), "\(second.log)")
        kill(second.pid, SIGTERM)
        #expect(second.exitCode(within: 5) == 0, "\(second.log)")
    }

    @Test func aPasswordInTheURLIsNeverPrinted() throws {
        let unreachable = try Self.fleetdeck(["request", "list", "--store", "postgresql://fd_x:s3cret@127.0.0.1:1/fleet?sslmode=disable"],
                                             timeout: 30)
        #expect(unreachable.code != 0 && unreachable.err.contains("postgresql://fd_x@127.0.0.1:1/fleet"), "\(unreachable.err)")
        let bad = try Self.fleetdeck(["collect", "--store", "postgresql://fd_x:s3cret@db/fleet?sslmode=sometimes"], timeout: 30)
        #expect(bad.code == 2 && bad.err.contains("sslmode 'sometimes'"), "\(bad.err)")
        #expect(!(unreachable.out + unreachable.err + bad.out + bad.err).contains("s3cret"))
    }
}

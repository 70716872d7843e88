import Foundation
import Testing

/// Governance through the real binary as real OS users (`runuser`): who may decide what, two approvers racing,
/// the audit chain, durability under SIGKILL, the dashboard's part and a plan run on real Slurm (one serialized
/// suite: the tests share the OS users they create). Needs root (to create the users); skipped otherwise.
@Suite(.serialized) struct GovernanceE2ETests {
    static let group = "fdt-gov"
    static let users = ["fdt-alice", "fdt-bob", "fdt-carol", "fdt-dave", "fdt-frank", "fdt-mallory"]
    static var canRunAsOthers: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")
            && FileManager.default.isExecutableFile(atPath: "/usr/sbin/useradd")
    }

    static let policy = """
        organisation: e2e
        departments:
          - name: research
            teams:
              - {name: nlp, members: [fdt-frank, root], budget: {monthly: 50000}, quota: [{nominal: 16}]}
              - {name: vision, budget: {monthly: 50000}, quota: [{nominal: 16}]}
        roles:
          - {name: on-call, members: [fdt-alice, fdt-bob, root], approves: [quota, priority]}
          - {name: capacity-board, members: [fdt-carol], approves: [any]}
          - {name: finance, members: [fdt-dave], approves: [budget]}
        governance:
          two_approvers_above: {gpu_hours: 512, dollars: 100000}

        """

    /// A shared store: created by root with the policy, then handed to the approvers' group (owner and group only).
    static func sharedStore() throws -> (dir: URL, store: String, policy: String, binary: String) {
        for user in users where Harness.run0("/usr/bin/id", [user]) != 0 {
            if Harness.run0("/usr/bin/getent", ["group", group]) != 0 { _ = Harness.run0("/usr/sbin/groupadd", [group]) }
            _ = Harness.run0("/usr/sbin/useradd", ["-M", "-N", "-g", group, "-s", "/usr/sbin/nologin", user])
        }
        let dir = try Harness.tempDir()
        chmod(dir.path, 0o755)
        // Other users cannot reach the build folder; they run a copy.
        let binary = dir.appendingPathComponent("fleetdeck").path
        try Harness.copyExecutable(from: Harness.binary, to: binary)
        let policy = dir.appendingPathComponent("policy.yaml").path
        try Self.policy.write(toFile: policy, atomically: true, encoding: .utf8)
        chmod(policy, 0o644)
        let storeDir = dir.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: storeDir, withIntermediateDirectories: true)
        let store = storeDir.appendingPathComponent("fleet.sqlite").path
        let made = try Harness.run(binary, ["snapshot", "--store", store, "--policy", policy, "--timeout", "30"], timeout: 90)
        #expect(made.code == 0, "\(made.err)")
        let mode = (try FileManager.default.attributesOfItem(atPath: store)[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o600, "a new store is owner-only, got \(String(mode, radix: 8))")
        // The admin shares it with the approvers' group, deliberately.
        _ = Harness.run0("/bin/chgrp", ["-R", group, storeDir.path])
        chmod(storeDir.path, 0o2770)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: store + suffix) { chmod(store + suffix, 0o660) }
        return (dir, store, policy, binary)
    }

    static func asUser(_ user: String, _ binary: String, _ args: [String]) throws -> (code: Int32, out: String, err: String, seconds: Double) {
        try Harness.run("/usr/sbin/runuser", ["-u", user, "--", binary] + args, timeout: 60)
    }

    @Test func realUsersRolesTwoApproversRaceAndTheAuditChain() throws {
        guard Self.canRunAsOthers else { print("skipped: needs root with runuser/useradd to act as other OS users"); return }
        let (_, store, _, binary) = try Self.sharedStore()
        let s = ["--store", store]
        let filed = try Self.asUser("fdt-frank", binary, ["request", "override", "--team", "nlp", "--gpus", "32", "--hours", "24",
                                                           "--reason", "launch fine-tune\u{1b}[2J", "--ticket", "INC-9"] + s)
        #expect(filed.code == 0 && filed.out.contains("filed R-1"), "\(filed.out)\(filed.err)")
        let own = try Self.asUser("fdt-frank", binary, ["approve", "R-1", "--reason", "mine"] + s)
        #expect(own.code == 3 && own.err.contains("fdt-frank filed R-1; someone else must decide it"), "\(own.err)")
        let stranger = try Self.asUser("fdt-mallory", binary, ["approve", "R-1", "--reason", "x"] + s)
        #expect(stranger.code == 3 && stranger.err.contains("view only"), "\(stranger.err)")
        let finance = try Self.asUser("fdt-dave", binary, ["approve", "R-1", "--reason", "x"] + s)
        #expect(finance.code == 3 && finance.err.contains("may not decide quota requests"), "\(finance.err)")
        let noReason = try Self.asUser("fdt-alice", binary, ["approve", "R-1", "--reason", " "] + s)
        #expect(noReason.code == 3 && noReason.err.contains("a reason is required"))
        let first = try Self.asUser("fdt-alice", binary, ["approve", "R-1", "--reason", "launch is real"] + s)
        #expect(first.code == 0 && first.out.contains("approval 1 of 2"), "\(first.out)\(first.err)")  // 768 GPU-hours > 512
        let again = try Self.asUser("fdt-alice", binary, ["approve", "R-1", "--reason", "again"] + s)
        #expect(again.code == 3 && again.err.contains("needs a second, different approver"))

        // Bob and Carol approve at the same moment: exactly one decision wins, the other is told who decided.
        let results = Mutex2<[(code: Int32, out: String, err: String, seconds: Double)]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let r = try? Self.asUser(["fdt-bob", "fdt-carol"][i], binary, ["approve", "R-1", "--reason", "race \(i)"] + s)
            if let r { results.mutate { $0.append(r) } }
        }
        let raced = results.value
        #expect(raced.count == 2)
        #expect(raced.filter { $0.code == 0 && $0.out.contains("approved R-1") }.count == 1, "\(raced)")
        #expect(raced.filter { $0.code == 3 && $0.err.contains("R-1 was already approved by fdt-alice + fdt-") }.count == 1, "\(raced)")

        let shown = try Self.asUser("fdt-mallory", binary, ["request", "show", "R-1", "--json"] + s)  // anyone may view
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any], "\(shown.err)")
        #expect(obj["status"] as? String == "approved")
        #expect(obj["justification"] as? String == "launch fine-tune[2J")  // control characters stripped
        #expect((obj["approvals"] as? [String])?.count == 2)

        let verify = try Harness.run(binary, ["audit", "verify"] + s)
        #expect(verify.code == 0 && verify.out.contains("intact: 3 records"), "\(verify.out)\(verify.err)")
        let export = try Harness.run(binary, ["audit", "export", "--format", "jsonl"] + s)
        let lines = export.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.map { $0["action"] as? String ?? "" } == ["request.filed", "request.approval-recorded", "request.approved"])
        #expect(lines.first?["actor"] as? String == "fdt-frank")
        #expect((lines.last?["after"] as? String)?.contains("nlp quota 16 → 48 GPUs") == true)

        // Any edit to a record is caught and named.
        _ = Harness.run0("/usr/bin/sqlite3", [store, "UPDATE audit SET body = replace(body, 'fdt-alice', 'fdt-eve') WHERE seq = 2"])
        let tampered = try Harness.run(binary, ["audit", "verify"] + s)
        #expect(tampered.code == 1 && tampered.out.contains("record 2"), "\(tampered.out)\(tampered.err)")
    }

    @Test func sigkillAtAnyMomentLosesNoReportedDecision() throws {
        let dir = try Harness.tempDir()
        let store = dir.appendingPathComponent("s.sqlite").path
        let policy = dir.appendingPathComponent("p.yaml").path
        try Self.policy.write(toFile: policy, atomically: true, encoding: .utf8)
        let made = try Harness.run(Harness.binary, ["snapshot", "--store", store, "--policy", policy, "--timeout", "30"], timeout: 90)
        #expect(made.code == 0, "\(made.err)")
        var reported: [String: String] = [:]  // request id → justification, for every "filed" that was printed
        var killed = 0
        for i in 0..<30 {
            let out = dir.appendingPathComponent("out-\(i)").path
            let pid = try Harness.spawn(Harness.binary, ["request", "override", "--team", "nlp", "--gpus", "1", "--hours", "1",
                                                         "--reason", "kill-\(i)", "--store", store], stdout: out)
            usleep(UInt32.random(in: 0...500_000))  // before, during and after the commit
            if kill(pid, SIGKILL) == 0 { killed += 1 }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"filed (R-\d+)"#, options: .regularExpression) {
                reported[String(text[range].dropFirst(6))] = "kill-\(i)"
            }
        }
        let list = try Harness.run(Harness.binary, ["request", "list", "--all", "--json", "--store", store])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]], "\(list.err)")
        let stored = Dictionary(rows.map { ($0["id"] as? String ?? "", $0["justification"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
        for (id, why) in reported { #expect(stored[id] == why, "reported \(id) (\(why)) is missing after SIGKILL") }
        let verify = try Harness.run(Harness.binary, ["audit", "verify", "--store", store])
        #expect(verify.code == 0, "\(verify.out)\(verify.err)")
        #expect(verify.out.contains("intact: \(rows.count) records"), "every stored request has its audit record: \(verify.out)")
        print("SIGKILL loop: \(killed) kills, \(reported.count) filings reported done, \(rows.count) stored")
    }
}

/// A value shared between threads under a lock (tests only).
final class Mutex2<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}

extension Harness {
    /// Exit status of a short command (output discarded).
    static func run0(_ path: String, _ args: [String]) -> Int32 { (try? run(path, args, timeout: 30).code) ?? -1 }

    /// Copies an executable through a close-on-exec descriptor: a process another test thread forks meanwhile must
    /// not inherit it open for writing (exec of the copy would fail with ETXTBSY for as long as that process lives).
    static func copyExecutable(from source: String, to target: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count else { throw POSIXError(.EIO) }
        fchmod(fd, 0o755)
    }

    /// Starts a process with stdout to a file and returns its pid without waiting.
    static func spawn(_ path: String, _ args: [String], stdout: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        return pid
    }
}

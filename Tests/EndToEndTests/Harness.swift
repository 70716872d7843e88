import Foundation
import Testing

/// Drives the real `fleetdeck` binary: in tmux for the dashboard, as a plain process for headless commands.
enum Harness {
    /// The binary SwiftPM built next to the test bundle.
    static var binary: String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [dir.appendingPathComponent("fleetdeck").path,
                          dir.deletingLastPathComponent().appendingPathComponent("fleetdeck").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    static var hasTmux: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    /// A new empty directory under this run's scratch folder (removed when the run exits).
    static func tempDir() throws -> URL {
        let dir = ScratchRoot.url.appendingPathComponent(String(UUID().uuidString.prefix(6)))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs a command to completion; returns exit code, stdout, stderr and seconds taken.
    ///
    /// posix_spawn + waitpid rather than Foundation.Process: Process never reaped the short-lived tmux client here,
    /// and output goes to files because a daemon the command starts (the tmux server) would hold a pipe open forever.
    @discardableResult
    static func run(_ path: String, _ args: [String], env: [String: String] = [:], timeout: Double = 60) throws
        -> (code: Int32, out: String, err: String, seconds: Double) {
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        for (k, v) in env { environment[k] = v }
        let dir = FileManager.default.temporaryDirectory
        let outPath = dir.appendingPathComponent("fd-out-\(UUID().uuidString)").path
        let errPath = dir.appendingPathComponent("fd-err-\(UUID().uuidString)").path
        defer { unlink(outPath); unlink(errPath) }
        let start = Date()
        let pid = try spawn(path, args, environment: environment, stdout: outPath, stderr: errPath)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date().timeIntervalSince(start) > timeout { kill(pid, SIGKILL) }
            usleep(20_000)
        }
        let code = exitCode(status)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (code, out, err, Date().timeIntervalSince(start))
    }

    /// Starts `path` with stdin from /dev/null and stdout/stderr into the files named, and returns its pid.
    static func spawn(_ path: String, _ args: [String], environment: [String: String], stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        // Test threads block some signals; children must start with none blocked (SIGWINCH, SIGTERM reach fleetdeck).
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        return pid
    }

    /// A `waitpid` status as a shell reports it: the exit code, or 128 + the signal.
    static func exitCode(_ status: Int32) -> Int32 {
        status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

/// One tmux server on a private socket, killed when the test ends.
final class Tmux {
    let socket = "fleetdeck-e2e-\(getpid())-\(UUID().uuidString.prefix(6))"

    @discardableResult
    func cmd(_ args: String...) throws -> String {
        try Harness.run("/usr/bin/tmux", ["-L", socket] + args, timeout: 10).out
    }

    func start(session: String, width: Int, height: Int, command: String) throws {
        try cmd("new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command)
    }

    func capture(_ target: String) throws -> String { try cmd("capture-pane", "-p", "-t", target) }

    func keys(_ target: String, _ keys: String...) throws {
        for k in keys {
            try Harness.run("/usr/bin/tmux", ["-L", socket, "send-keys", "-t", target, k], timeout: 10)
            Thread.sleep(forTimeInterval: 0.15)
        }
    }

    /// Text typed literally (not as key names).
    func type(_ target: String, _ text: String) throws {
        try Harness.run("/usr/bin/tmux", ["-L", socket, "send-keys", "-l", "-t", target, text], timeout: 10)
        Thread.sleep(forTimeInterval: 0.15)
    }

    /// Polls the pane until `predicate` holds; returns the last capture.
    @discardableResult
    func waitFor(_ target: String, timeout: Double = 30, _ what: String, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture(target)
            if predicate(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.2)
        }
        Issue.record("timed out waiting for \(what); screen was:\n\(screen)")
        return screen
    }

    deinit { _ = try? Harness.run("/usr/bin/tmux", ["-L", socket, "kill-server"], timeout: 10) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs a shell command with a timeout, collecting its standard output (bounded).
///
/// The command runs in its own process group so that a timeout kills everything it started: `ssh host cmd` or
/// `sleep 30 && squeue` leave grandchildren holding the output pipe, which Foundation's `Process` would wait for.
public enum CommandRunner {
    static let maxOutput = 64 << 20

    /// The command's stdout when it exits 0 within `timeout`; otherwise why not. A hung command is killed.
    public static func run(_ command: String, timeout: Double) -> Result<Data, CommandFailure> {
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        guard pipe(&out) == 0, pipe(&err) == 0 else { return .failure(CommandFailure("pipe: \(String(cString: strerror(errno)))")) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        for fd in out + err { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group, and default signal handling whatever the caller blocks or ignores.
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ)
        close(out[1])
        close(err[1])
        defer { close(out[0]); close(err[0]) }
        guard spawned == 0 else { return .failure(CommandFailure("cannot start: \(String(cString: strerror(spawned)))")) }

        var stdout = Data(), stderr = Data()
        var open = [out[0], err[0]]
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while !open.isEmpty {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                kill(-pid, SIGKILL)  // the whole group
                _ = reap(pid)
                return .failure(CommandFailure("timed out after \(Int(timeout)) s; killed"))
            }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), Int32(min(left, 0.2) * 1000)) >= 0 || errno == EINTR else { break }
            for p in fds where p.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
                if n <= 0 {
                    open.removeAll { $0 == p.fd }
                } else if p.fd == out[0] {
                    stdout.append(contentsOf: buffer[0..<n])
                    if stdout.count > maxOutput {
                        kill(-pid, SIGKILL)
                        _ = reap(pid)
                        return .failure(CommandFailure("output larger than \(maxOutput) bytes; killed"))
                    }
                } else if stderr.count < 4096 {
                    stderr.append(contentsOf: buffer[0..<n])
                }
            }
        }
        let status = reap(pid)
        guard status == 0 else {
            let message = String(decoding: stderr.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(CommandFailure(message.isEmpty ? "exit \(status)" : "exit \(status): \(message)"))
        }
        return .success(stdout)
    }

    /// Waits for `pid` and returns its exit status (128 + signal when killed).
    private static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// Why a command produced no usable output: its exit status and stderr, a timeout, or a failure to start.
public struct CommandFailure: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

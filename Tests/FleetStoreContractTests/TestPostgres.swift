import FleetStore
@testable import FleetStorePostgres
import Foundation
import Synchronization
import Testing

/// The PostgreSQL server the contract tests share: started once per test process by `scripts/postgres-up.sh` (a real
/// server from Debian's packages, on a free loopback port), each test in a database of its own. The script's watchdog
/// stops the server by its PID when this process exits, also after a crash, so no server outlives the run.
enum TestPostgres {
    /// Whether the server binaries are installed (`scripts/install-deps.sh` installs them).
    static let isInstalled: Bool = {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.contains { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }
    }()

    /// Why the PostgreSQL tests are skipped.
    static let skipReason: Comment = "PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin): run scripts/install-deps.sh"

    /// The running server's URL (database `fleetdeck`), or why it did not start.
    private static let server: Result<PostgresURL, ServerError> = start()
    private static let databases = Atomic<Int>(0)

    /// A new, empty database on the shared server.
    static func freshDatabase() throws -> PostgresURL {
        var url = try server.get()
        let name = "contract_\(databases.add(1, ordering: .relaxed).newValue)"
        let link = try PostgresLink.connect(url, timeout: 10, id: 0)
        defer { link.close() }
        try link.query(.init(unsafeSQL: "CREATE DATABASE \(name)"), "creating database \(name)")
        url.database = name
        return url
    }

    /// Runs `sql` on the database of `url` as the server's superuser, behind the store's back.
    static func execute(_ sql: String, on url: PostgresURL) throws {
        let link = try PostgresLink.connect(url, timeout: 10, id: 0)
        defer { link.close() }
        try link.query(.init(unsafeSQL: sql), sql)
    }

    struct ServerError: Error, CustomStringConvertible {
        let description: String
    }

    private static func start() -> Result<PostgresURL, ServerError> {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fleetdeck-pg-\(getpid())").path
        return Result { try startServer(in: dir) }.mapError { $0 as? ServerError ?? ServerError(description: "\($0)") }
    }

    /// Starts a server of its own in `dir` (for a test that stops and restarts it) and returns the URL of its database
    /// `fleetdeck`; its watchdog stops it when this process exits.
    static func startServer(in dir: String) throws -> PostgresURL {
        let text = try script("postgres-up.sh", [dir], environment: ["POSTGRES_OWNER_PID": "\(getpid())"], timeout: 90)
        guard let line = text.split(separator: "\n").last else { throw ServerError(description: "postgres-up.sh printed no URL") }
        return try PostgresURL(parsing: String(line))
    }

    /// Runs `scripts/NAME` with `args` and returns its output; throws with the output when it fails.
    @discardableResult
    static func script(_ name: String, _ args: [String], environment: [String: String] = [:],
                       timeout: TimeInterval = 60) throws -> String {
        let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("fleetdeck-script-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let status = try run("\(scripts)/\(name)", args, environment: environment, output: output, timeout: timeout)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else { throw ServerError(description: "scripts/\(name) exited \(status): \(text)") }
        return text
    }

    /// Runs `path` with its output in the file `output`, waiting at most `timeout` seconds (then killing it); returns
    /// the exit status. posix_spawn and a polling waitpid: the server it starts keeps no pipe of ours open.
    private static func run(_ path: String, _ args: [String], environment: [String: String], output: String,
                            timeout: TimeInterval) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([path] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw ServerError(description: "timed out after \(Int(timeout)) s")
            }
            usleep(20_000)
        }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

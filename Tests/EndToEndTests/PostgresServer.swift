import Foundation
import Synchronization
import Testing

/// A real PostgreSQL for the end-to-end tests: started once per test process by `scripts/postgres-up.sh` on a free
/// loopback port (its watchdog stops it when this process exits), each test in a database of its own.
enum PostgresServer {
    /// The newest installed server's binaries, if any (`scripts/install-deps.sh` installs them).
    static let binDirectory: String? = {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        return versions.map { "\(root)/\($0)/bin" }.last { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }()

    /// Why the PostgreSQL end-to-end tests are skipped.
    static let skipReason = "skipped: PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin): run scripts/install-deps.sh"

    /// The server's directory (socket in run/, port in port) and its superuser, or why it did not start.
    private static let server: Result<(dir: String, port: String, superuser: String), ServerError> = start()
    private static let databases = Mutex(0)

    struct ServerError: Error, CustomStringConvertible { let description: String }

    /// A database on the server.
    struct Database {
        let name: String
        let port: String
        /// Its URL over TCP for `role` (trust authentication on loopback: the role named is the login).
        func url(_ role: String) -> String { "postgresql://\(role)@127.0.0.1:\(port)/\(name)?sslmode=disable" }
    }

    /// The server's superuser, which owns what `store init` creates.
    static var superuser: String { geteuid() == 0 ? "postgres" : NSUserName() }

    /// A new empty database.
    static func freshDatabase() throws -> Database {
        let (_, port, _) = try server.get()
        let name = "e2e_\(getpid())_\(databases.withLock { $0 += 1; return $0 })"
        try sql("CREATE DATABASE \(name)", database: "postgres")
        return Database(name: name, port: port)
    }

    /// A login role `name` in group role `group`, unless it exists (roles belong to the whole server).
    static func createLogin(_ name: String, in group: String) throws {
        try sql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(name)') THEN CREATE ROLE \(name) LOGIN IN ROLE \(group); " +
                "END IF; END $$", database: "postgres")
    }

    /// Runs `statement` as the superuser through the unix socket; throws with psql's output when it fails.
    static func sql(_ statement: String, database: String) throws {
        let (dir, port, superuser) = try server.get()
        guard let bin = binDirectory else { throw ServerError(description: skipReason) }
        let r = try Harness.run("\(bin)/psql", ["-X", "-q", "-h", "\(dir)/run", "-p", port, "-U", superuser, "-d", database,
                                                "-v", "ON_ERROR_STOP=1", "-c", statement], timeout: 30)
        guard r.code == 0 else { throw ServerError(description: "psql \(statement): \(r.err)") }
    }

    /// A server of one test's own, for fault tests that stop and start it while the shared one serves other tests.
    struct PrivateServer {
        let dir: String
        /// The URL of its database `fleetdeck` for its superuser, over TCP.
        let url: String

        /// `scripts/postgres-restart.sh DIR stop|start`: the server goes away (clients disconnected at once) or comes
        /// back at the same port; throws with the script's output when it fails.
        func restart(_ action: String) throws {
            let r = try Harness.run("\(scriptsDirectory)/postgres-restart.sh", [dir, action], timeout: 60)
            guard r.code == 0 else { throw ServerError(description: "postgres-restart.sh \(action) exited \(r.code): \(r.err)") }
        }

        /// Stops it and removes its cluster.
        func remove() { _ = try? Harness.run("\(scriptsDirectory)/postgres-down.sh", [dir], timeout: 60) }
    }

    /// A new server of the caller's own, stopped when this test process exits if not before (`remove()`).
    static func privateServer(_ name: String) throws -> PrivateServer {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fleetdeck-e2e-pg-\(name)-\(getpid())").path
        let r = try Harness.run("\(scriptsDirectory)/postgres-up.sh", [dir], env: ["POSTGRES_OWNER_PID": "\(getpid())"], timeout: 90)
        let url = (try? String(contentsOfFile: "\(dir)/url", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard r.code == 0, let url else { throw ServerError(description: "postgres-up.sh exited \(r.code): \(r.err)") }
        return PrivateServer(dir: dir, url: url)
    }

    private static let scriptsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts").path

    private static func start() -> Result<(dir: String, port: String, superuser: String), ServerError> {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fleetdeck-e2e-pg-\(getpid())").path
        do {
            let r = try Harness.run("\(scriptsDirectory)/postgres-up.sh", [dir], env: ["POSTGRES_OWNER_PID": "\(getpid())"], timeout: 90)
            let port = (try? String(contentsOfFile: "\(dir)/port", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            guard r.code == 0, let port else { return .failure(ServerError(description: "postgres-up.sh exited \(r.code): \(r.err)")) }
            return .success((dir, port, superuser))
        } catch {
            return .failure(ServerError(description: "postgres-up.sh: \(error)"))
        }
    }
}

import Foundation
import GRDB

/// What an existing file at a store path turned out to be, decided without writing to it.
enum StoreInspection: Equatable {
    /// No file: safe to create.
    case missing
    /// A zero-length file or an SQLite database without tables: safe to initialise.
    case empty
    /// A fleetdeck store at this schema version (never newer than supported).
    case ours(version: Int)

    /// Classifies the file at `path` through a read-only connection, so that nothing is written
    /// (no WAL switch, no hot-journal rollback, no migration) to a file we have not recognised.
    /// - Parameter integrityCheck: also run `PRAGMA quick_check` (a full scan) on our own stores.
    static func inspect(path: String, integrityCheck: Bool) throws(StoreError) -> StoreInspection {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        if isDirectory.boolValue { throw .io(path: path, detail: "is a directory") }
        // No shortcut for zero-length files: a crashed writer can leave the whole database in
        // the -wal file, which the read-only connection below does see.

        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        config.label = "fleetdeck.store.inspect"
        return try StoreError.guarding(path: path) {
            // GRDB reads sqlite_master while opening: random bytes fail here with SQLITE_NOTADB.
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            return try queue.read { db in try classify(db, path: path, integrityCheck: integrityCheck) }
        }
    }

    private static func classify(_ db: Database, path: String, integrityCheck: Bool) throws -> StoreInspection {
        let tables = try Set(String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            """))
        if tables.isEmpty { return .empty }
        // A crash can leave GRDB's bookkeeping table behind before our first migration committed.
        if tables == ["grdb_migrations"],
           try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == 0 {
            return .empty
        }
        guard tables.contains("meta"),
              Set(try db.columns(in: "meta").map(\.name)).isSuperset(of: ["key", "value"]),
              try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'created_by'") == Schema.creator
        else { throw StoreError.notFleetdeckStore(path: path) }

        let rawVersion = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'")
        guard let rawVersion, let version = Int(rawVersion), version >= 1 else {
            throw StoreError.corrupt(path: path, detail: "meta.schema_version is \(rawVersion ?? "missing")")
        }
        if version > Schema.supportedVersion {
            throw StoreError.newerVersion(path: path, found: version, supported: Schema.supportedVersion)
        }
        if integrityCheck {
            let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(3)")
            if problems != ["ok"] {
                throw StoreError.corrupt(path: path, detail: "quick_check: " + problems.joined(separator: "; "))
            }
        }
        return .ours(version: version)
    }
}

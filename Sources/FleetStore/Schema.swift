import Foundation
import GRDB

/// The on-disk schema: versions, table definitions and the migrator that creates them.
enum Schema {
    /// The newest `meta.schema_version` this build can read and write.
    static let supportedVersion = 2
    /// The `meta.created_by` value that marks a database as a fleetdeck store.
    static let creator = "fleetdeck"

    /// Migrations in order; each one also bumps `meta.schema_version`, which is what
    /// older builds check (they cannot know GRDB's migration identifiers).
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                -- AUTOINCREMENT: ids are never reused after compaction, so a
                -- follower's "after id" cursor can never skip a new event.
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    recorded_at REAL NOT NULL,
                    payload BLOB NOT NULL
                );
                CREATE TABLE snapshots (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id INTEGER NOT NULL,
                    taken_at REAL NOT NULL,
                    payload BLOB NOT NULL
                );
                -- At most one row: the process that runs the feeds.
                CREATE TABLE writer_lease (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    owner TEXT NOT NULL,
                    expires_at REAL NOT NULL
                );
                """)
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('schema_version', ?), ('created_at', ?), ('created_by', ?)",
                arguments: ["1", Date().ISO8601Format(), creator])
        }
        migrator.registerMigration("v2") { db in
            // The hash-chained audit log (see AuditChain). seq is assigned by the chain, not SQLite,
            // and its head lives in meta so that records deleted from the end are detected.
            try db.execute(sql: """
                CREATE TABLE audit (
                    seq INTEGER PRIMARY KEY,
                    body BLOB NOT NULL,
                    prev_hash BLOB NOT NULL,
                    hash BLOB NOT NULL
                );
                """)
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES (?, '0'), (?, ?)",
                arguments: [AuditChain.countKey, AuditChain.headKey, AuditChain.hex(AuditChain.genesis)])
            try db.execute(sql: "UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        }
        migrator.registerMigration("v2-kpi-rollups") { db in
            // KPI history, one row per period length and start: an added table, so schema_version stays 2, older
            // builds still open the store, and readers of an older store find no rollups.
            try db.execute(sql: rollupsTableSQL)
        }
        return migrator
    }()

    static let rollupsTableSQL = """
        CREATE TABLE IF NOT EXISTS kpi_rollups (
            resolution INTEGER NOT NULL,
            start INTEGER NOT NULL,
            payload BLOB NOT NULL,
            PRIMARY KEY (resolution, start)
        ) WITHOUT ROWID
        """

    /// The id of the last event ever appended, even if compaction has deleted it since.
    static let lastEventIDSQL = """
        SELECT max(
            coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0),
            coalesce((SELECT max(id) FROM events), 0))
        """
}

import FleetStore
import Foundation
import PostgresNIO

/// The store's tables on the server, and their creation.
///
/// The same tables as the SQLite store's, with event ids assigned from `meta.last_event_id` under the write lock
/// (not a sequence: a sequence hands out ids in call order, not commit order) and payloads as bytea.
enum PostgresSchema {
    /// The newest `meta.schema_version` this build can read and write.
    static let supportedVersion = 1
    /// The key of the transaction-level advisory lock every write takes first ("fleetdck" in ASCII).
    static let writeLock: Int64 = 0x666C_6565_7464_636B
    /// `meta` key of the counter event ids come from.
    static let lastEventIDKey = "last_event_id"
    /// `meta` key of the writer epoch, raised by every lease acquisition.
    static let epochKey = "writer_epoch"

    /// One statement each: the driver sends no multi-statement strings.
    static let tables = [
        "CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL)",
        "CREATE TABLE events (id int8 PRIMARY KEY, recorded_at float8 NOT NULL, payload bytea NOT NULL)",
        """
        CREATE TABLE snapshots (id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id int8 NOT NULL,
                                taken_at float8 NOT NULL, payload bytea NOT NULL)
        """,
        "CREATE TABLE writer_lease (id int4 PRIMARY KEY CHECK (id = 1), owner text NOT NULL, expires_at timestamptz NOT NULL)",
        "CREATE TABLE audit (seq int8 PRIMARY KEY, body bytea NOT NULL, prev_hash bytea NOT NULL, hash bytea NOT NULL)",
    ]

    /// Checks the database holds a store this build reads, creating the schema in an empty one; true when it did.
    static func prepare(_ store: PostgresEventStore) throws -> Bool {
        if try store.withLink({ link in try current(store, on: link) }) { return false }
        // Under the write lock, so two processes creating the same new store do not both try.
        return try store.transaction(.write(durable: true)) { link in
            if try current(store, on: link) { return false }
            for statement in tables { try link.query(PostgresQuery(unsafeSQL: statement), "creating the schema") }
            let rows: [(String, String)] = [
                ("schema_version", String(supportedVersion)), ("created_at", Date().ISO8601Format()),
                ("created_by", "fleetdeck"), (lastEventIDKey, "0"), (epochKey, "0"),
                (AuditChain.countKey, "0"), (AuditChain.headKey, AuditChain.hex(AuditChain.genesis)),
            ]
            try link.query("INSERT INTO meta (key, value) SELECT * FROM unnest(\(rows.map(\.0))::text[], \(rows.map(\.1))::text[])",
                           "initialising meta")
            return true
        }
    }

    /// True when the database holds a current store, false when it holds none; throws for a foreign or newer one.
    private static func current(_ store: PostgresEventStore, on link: PostgresLink) throws -> Bool {
        let hasMeta = try link.query("SELECT to_regclass('meta') IS NOT NULL", "looking for the schema").first?.decode(Bool.self)
        guard hasMeta == true else { return false }
        guard try PostgresEventStore.meta("created_by", on: link) == "fleetdeck" else {
            throw StoreError.notFleetdeckStore(path: store.location)
        }
        let version = try PostgresEventStore.meta("schema_version", on: link).flatMap { Int($0) } ?? 0
        guard version <= supportedVersion else {
            throw StoreError.newerVersion(path: store.location, found: version, supported: supportedVersion)
        }
        guard version == supportedVersion else {
            throw StoreError.io(path: store.location, detail: "schema version \(version) is not one this fleetdeck can upgrade")
        }
        return true
    }
}

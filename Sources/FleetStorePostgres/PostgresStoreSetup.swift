import FleetStore
import Foundation
import PostgresNIO

/// Prepares a PostgreSQL database for a team: the store's schema, the three group roles people's login roles are
/// members of, and an audit log that only its owner can change (the database refuses everyone else, not the client).
public enum PostgresStoreSetup {
    /// The group roles; a person logs in as their own role, made a member of one of these.
    public enum Role: String, Sendable, CaseIterable {
        /// Runs the feeds (`collect`): writes events, snapshots, the lease; can also decide.
        case writer = "fleetdeck_writer"
        /// Decides requests: appends events and audit records.
        case approver = "fleetdeck_approver"
        /// Reads the fleet and the audit log, nothing else.
        case viewer = "fleetdeck_viewer"
    }

    /// Creates the schema (when missing), the roles (when missing) and their grants, and the audit log's protection;
    /// run again, it changes nothing. Must be run by the role that is to own the tables (a superuser or the database
    /// owner with CREATEROLE). Returns one line per step saying what it did, for the user.
    public static func initialise(_ url: PostgresURL, timeout: TimeInterval = 10) throws -> [String] {
        let store = try PostgresEventStore(url: url, timeout: timeout)
        defer { store.close() }
        let existing = try store.transaction(.write(durable: true)) { link -> Set<String> in
            let names = Role.allCases.map(\.rawValue)
            let found = try link.query("SELECT rolname::text FROM pg_roles WHERE rolname = ANY(\(names)::text[])", "reading roles")
                .map { try $0.decode(String.self) }
            for statement in statements { try link.query(PostgresQuery(unsafeSQL: statement), "setting up roles") }
            return Set(found)
        }
        let created = Role.allCases.map(\.rawValue).filter { !existing.contains($0) }
        let schema = store.createdSchema ? "created version \(PostgresSchema.supportedVersion)" : "version \(PostgresSchema.supportedVersion) already there"
        let roles = created.isEmpty ? "already there: " + Role.allCases.map(\.rawValue).joined(separator: ", ")
            : "created " + created.joined(separator: ", ")
        return ["schema: \(schema) in database \(url.database)",
                "roles: \(roles) (viewer ⊂ approver ⊂ writer; make each person's login role a member of one); grants set",
                "audit: UPDATE, DELETE and TRUNCATE revoked and refused by a trigger for every role but the owner"]
    }

    private static let tables = "meta, events, snapshots, writer_lease, audit, kpi_rollups"

    /// One statement each (the driver sends no multi-statement strings), each safe to run again.
    static let statements: [String] = Role.allCases.map { role in
        """
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role.rawValue)') THEN CREATE ROLE \(role.rawValue) NOLOGIN; END IF;
        END $$
        """
    } + [
        "GRANT \(Role.viewer.rawValue) TO \(Role.approver.rawValue)",
        "GRANT \(Role.approver.rawValue) TO \(Role.writer.rawValue)",
        "GRANT SELECT ON \(tables) TO \(Role.viewer.rawValue)",
        // A decision numbers its events (meta's counter, the audit head) and appends them with their audit records.
        "GRANT INSERT ON events, audit TO \(Role.approver.rawValue)",
        "GRANT UPDATE ON meta TO \(Role.approver.rawValue)",
        // The writer also takes the lease, raises the epoch, saves snapshots and compacts the events they cover.
        "GRANT INSERT, UPDATE, DELETE ON meta, writer_lease, snapshots TO \(Role.writer.rawValue)",
        "GRANT DELETE ON events TO \(Role.writer.rawValue)",
        // The writer stores KPI history as fleet hours close and deletes what is past retention.
        "GRANT INSERT, UPDATE, DELETE ON kpi_rollups TO \(Role.writer.rawValue)",
        "GRANT USAGE ON SEQUENCE snapshots_id_seq TO \(Role.writer.rawValue)",
        "REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM PUBLIC, \(Role.allCases.map(\.rawValue).joined(separator: ", "))",
        // Even a role granted UPDATE by mistake (or a superuser other than the owner) is refused by the database.
        """
        CREATE OR REPLACE FUNCTION fleetdeck_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF current_user <> (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
            RAISE EXCEPTION 'the audit log is append-only: % by % refused', TG_OP, current_user
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN COALESCE(NEW, OLD);
        END $$
        """,
        "DROP TRIGGER IF EXISTS audit_append_only ON audit",
        "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION fleetdeck_audit_append_only()",
        "DROP TRIGGER IF EXISTS audit_no_truncate ON audit",
        "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION fleetdeck_audit_append_only()",
        // An approver's UPDATE on meta is for what a decision moves (the event counter, the audit count and head); the
        // writer epoch (fencing), the state format and the schema version are the writers' and the owner's.
        """
        CREATE OR REPLACE FUNCTION fleetdeck_meta_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF (NEW.key IS DISTINCT FROM OLD.key OR OLD.key NOT IN (\(decisionKeys)))
             AND NOT pg_has_role(current_user, '\(Role.writer.rawValue)', 'MEMBER')
             AND current_user <> (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
            RAISE EXCEPTION 'meta %: only a \(Role.writer.rawValue) may change it, % refused', OLD.key, current_user
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END $$
        """,
        "DROP TRIGGER IF EXISTS meta_guard ON meta",
        "CREATE TRIGGER meta_guard BEFORE UPDATE ON meta FOR EACH ROW EXECUTE FUNCTION fleetdeck_meta_guard()",
    ]

    /// The meta rows a decision updates, as SQL literals.
    private static let decisionKeys = [PostgresSchema.lastEventIDKey, AuditChain.countKey, AuditChain.headKey]
        .map { "'\($0)'" }.joined(separator: ", ")
}

import ArgumentParser
import FleetStore
import FleetStorePostgres
import Foundation

/// `fleetdeck store init|migrate|copy`: set up a team's PostgreSQL database, upgrade a store, move a fleet between
/// SQLite and PostgreSQL.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Set up, upgrade or copy a store (SQLite file or PostgreSQL database).",
        subcommands: [Init.self, Migrate.self, Copy.self])

    /// `fleetdeck store init URL`: the schema, the roles and their grants; run again, it changes nothing.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the schema and the roles fleetdeck_writer, fleetdeck_approver and fleetdeck_viewer in a PostgreSQL database.",
            discussion: "Run it as the role that is to own the tables (the database owner with CREATEROLE, or a superuser). " +
                "Running it again changes nothing. An SQLite store needs no setup: it is created when first opened.")
        @Argument(help: "postgresql://owner@host:5432/database") var url: String

        func validate() throws {
            guard case .postgres = try StoreArgument.parse(url) else {
                throw ValidationError("store init sets up a PostgreSQL database (postgresql://…); an SQLite store is created when first opened")
            }
        }

        func run() throws {
            guard case .postgres(let url) = try StoreArgument.parse(url) else { return }
            for line in try PostgresStoreSetup.initialise(url) { Console.out(line) }
            let store = try PostgresEventStore(url: url)
            defer { store.close() }
            let before = try store.meta("state_format")
            try Session.checkStateFormat(store)
            Console.out("fleet state format: \(Session.stateFormat)" + (before == nil ? " (set)" : " (already set)"))
        }
    }

    /// `fleetdeck store migrate STORE`: brings the schema and the fleet state format up to this fleetdeck's.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate", abstract: "Upgrade a store's schema and fleet state format, or say they are current.",
            discussion: "A store from a newer fleetdeck is refused, untouched.")
        @Argument(help: "An SQLite file or a postgresql:// URL.") var store: String

        func run() throws {
            guard let address = try StoreArgument.parse(store) else { return }
            let opened: any EventStoring
            let schemaLine: String
            switch address {
            case .sqlite(let path):
                guard FileManager.default.fileExists(atPath: path) else {
                    Console.error("fleetdeck: no store at \(path) (store migrate creates none)")
                    throw ExitCode(1)
                }
                // A read-only open refuses a store that needs an upgrade; the read-write open below upgrades it.
                let wasCurrent = (try? EventStore(path: path, readOnly: true)) != nil
                opened = try EventStore(path: path)
                let version = try opened.meta("schema_version") ?? "?"
                schemaLine = wasCurrent ? "schema: version \(version) is current" : "schema: upgraded to version \(version)"
            case .postgres(let url):
                let server = try PostgresEventStore(url: url)
                opened = server
                let version = try server.meta("schema_version") ?? "?"
                schemaLine = server.createdSchema ? "schema: created version \(version) (the database held no store; " +
                    "run `fleetdeck store init` for the roles)" : "schema: version \(version) is current"
            }
            let before = try opened.meta("state_format")
            try Session.checkStateFormat(opened)
            Console.out(schemaLine)
            Console.out(before == Session.stateFormat ? "fleet state format: \(Session.stateFormat) is current"
                : "fleet state format: \(before ?? "none") → \(Session.stateFormat)")
        }
    }

    /// `fleetdeck store copy FROM TO`: the fleet and the audit chain into an empty store, verified.
    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy", abstract: "Copy a store's fleet and audit log into an empty store (SQLite ↔ PostgreSQL), and verify it.",
            discussion: "Copies the newest snapshot, the events after it (numbered from 1 in the target) and every audit " +
                "record, then checks that both audit chains end in the same head. The writer lease is not copied. " +
                "Stop the collector first, so that nothing is written to FROM during the copy.")
        @Argument(help: "The store to copy from: an SQLite file or a postgresql:// URL.") var from: String
        @Argument(help: "The store to copy into (created if missing); it must hold no fleet and no audit record.") var to: String

        func run() throws {
            guard let fromAddress = try StoreArgument.parse(from), let toAddress = try StoreArgument.parse(to) else { return }
            let source = try fromAddress.openForReading()
            let target = try toAddress.open()
            do {
                let report = try StoreCopy.copy(from: source, to: target)
                Console.out("copied \(report.snapshotCopied ? "the newest snapshot and " : "")\(report.events) events and " +
                      "\(report.auditRecords) audit records from \(fromAddress) to \(toAddress)")
                Console.out("audit heads equal: \(report.auditHead) (both chains verified)")
            } catch let failure as StoreCopy.Failure {
                Console.error("fleetdeck: store copy: \(failure)")
                throw ExitCode(1)
            }
        }
    }
}

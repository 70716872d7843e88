import FleetStore
import FleetStorePostgres
import Foundation

/// Where a store is, as `--store` and the configuration file's `store:` name it: an SQLite file, or a PostgreSQL
/// database shared by a team (`postgresql://` or `postgres://`). The one place a store is opened from.
enum StoreAddress: Sendable, CustomStringConvertible {
    /// An SQLite file on this machine.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresURL)

    /// `text` as a URL when it starts with `postgresql://` or `postgres://`, else as a file path.
    init(_ text: String) throws(PostgresURLError) {
        self = PostgresURL.isPostgres(text) ? .postgres(try PostgresURL(parsing: text)) : .sqlite(path: text)
    }

    /// The path, or the URL without its password: what every message, header and log line shows.
    var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.description
        }
    }

    /// The file's size in bytes, for the opening screen; nil for a server or a missing file.
    var fileBytes: Int? {
        guard case .sqlite(let path) = self else { return nil }
        return (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
    }

    /// Opens the store, creating an SQLite file or the schema in an empty database (for the headless commands).
    func open() throws -> any EventStoring {
        switch self {
        case .sqlite(let path): try EventStore(path: path)
        case .postgres(let url): try PostgresEventStore(url: url)
        }
    }

    /// Opens the store for reading only where the store can say so (an SQLite file; a database's grants decide).
    func openForReading() throws -> any EventStoring {
        switch self {
        case .sqlite(let path): try EventStore(path: path, readOnly: true)
        case .postgres(let url): try PostgresEventStore(url: url)
        }
    }

    /// Opens the store with what this process may do there: an SQLite file by its permissions (one this user may read
    /// but not write opens read-only), a database by the login's grants.
    func openWithAccess() throws -> (store: any EventStoring, access: StoreAccess) {
        switch self {
        case .sqlite(let path):
            let readOnly = FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0
            let store = try EventStore(path: path, readOnly: readOnly)
            return (store, StoreAccess(login: nil, mayDecide: !readOnly, mayRunFeeds: !readOnly))
        case .postgres(let url):
            let store = try PostgresEventStore(url: url)
            let grants = try store.grants()
            return (store, StoreAccess(login: grants.login, mayDecide: grants.mayDecide, mayRunFeeds: grants.mayRunFeeds))
        }
    }
}

/// What this process may do with a store, and who the store says it is.
struct StoreAccess: Sendable, Equatable {
    /// The login the database authenticated (`session_user`); nil for an SQLite file, where the OS user acts.
    let login: String?
    /// Whether governance decisions may be written (a viewer role, or a read-only file, may not).
    let mayDecide: Bool
    /// Whether the writer lease may be taken and the feeds run.
    let mayRunFeeds: Bool
}

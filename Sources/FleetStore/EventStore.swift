import FleetInput
import Foundation
import GRDB

/// An append-only log of JSON-encoded events with snapshots, in one SQLite file shared by processes.
///
/// Payload types are the caller's: the store only sees `Codable` values. Every method throws `StoreError`.
/// Commits use WAL with `synchronous = NORMAL` (an OS crash may lose the last commits, never corrupt);
/// use `appendDurably(_:)` for records that must survive power loss, such as decisions.
public final class EventStore: Sendable {
    /// The path of the SQLite file.
    public let path: String
    /// Whether this instance was opened read-only.
    public let isReadOnly: Bool
    let pool: DatabasePool
    /// Device and inode of the file opened, to notice it being deleted or replaced under a running process.
    private let identity: FileIdentity?

    /// Opens the store at `path`, creating it (mode 0600, in directories of mode 0700) unless `readOnly`.
    ///
    /// An existing file is inspected read-only first: a corrupt file, a foreign database or a store
    /// from a newer fleetdeck is refused with the matching `StoreError` and left byte-for-byte unchanged.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        self.isReadOnly = readOnly
        // A FIFO or device at the path would block SQLite's open forever; a directory would fail obscurely.
        if let problem = InputFile.problem(path, missingIsFine: true) { throw StoreError.io(path: path, detail: problem.reason) }
        let inspection = try StoreInspection.inspect(path: path, integrityCheck: true)
        if readOnly, inspection != .ours(version: Schema.supportedVersion) {
            throw StoreError.io(path: path, detail: inspection == .missing || inspection == .empty
                ? "no fleetdeck store here (a read-only open does not create one)"
                : "store needs an upgrade: open it read-write once")
        }
        if inspection == .missing {
            try StoreLocation.createParentDirectories(of: path)
            // Owner-only from the first byte: SQLite gives the -wal and -shm files the database file's mode.
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 { close(fd) } else if errno != EEXIST {
                throw StoreError.io(path: path, detail: "cannot create the store: \(String(cString: strerror(errno)))")
            }
        }
        pool = try StoreError.guarding(path: path) {
            try DatabasePool(path: path, configuration: Self.configuration(readOnly: readOnly))
        }
        identity = FileIdentity(path: path)
        if !readOnly {
            try migrate()
        }
    }

    /// Whether the file at `path` is no longer the one this store opened (deleted, or replaced by another file):
    /// writing on would go to an unlinked file and be lost.
    public var isDetachedFromPath: Bool {
        guard let identity else { return false }
        return FileIdentity(path: path) != identity
    }

    /// Seconds a connection waits for another process's write lock before failing.
    static let busyTimeout: TimeInterval = 5
    /// Bytes of WAL kept after a checkpoint empties it.
    static let walSizeLimit = 16 << 20

    static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        // Dashboards and the collector share the file: wait for a busy writer rather than fail.
        config.busyMode = .timeout(Self.busyTimeout)
        config.label = "fleetdeck.store"
        config.prepareDatabase { db in
            // Telemetry can afford to lose the last commits on power loss; appendDurably raises it.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A checkpoint that empties the WAL also shrinks the file back to this size (a snapshot can grow it to
            // hundreds of MB in one transaction; without a limit SQLite keeps that size for reuse).
            try db.execute(sql: "PRAGMA journal_size_limit = \(Self.walSizeLimit)")
        }
        return config
    }

    private func migrate() throws(StoreError) {
        do {
            try Schema.migrator.migrate(pool)
        } catch {
            // GRDB reads the applied migrations outside its transaction, so two processes creating
            // the same new store race and the loser fails; that is fine if the winner finished.
            let finished = try? pool.read { db in try Schema.migrator.hasCompletedMigrations(db) }
            if finished != true { throw StoreError.wrapping(error, path: path) }
        }
        // Re-check after the write lock was ours: another process may have replaced the file meanwhile.
        let version = try StoreError.guarding(path: path) {
            try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'") }
        }
        guard version.flatMap(Int.init) == Schema.supportedVersion else {
            throw StoreError.io(path: path, detail: "unexpected schema version \(version ?? "nil") after migration")
        }
    }

    // MARK: Events

    /// Appends `events` in one transaction and returns the id of the last one (0 if `events` is empty).
    ///
    /// With the writer's `fence`, the transaction first checks that no other writer took the lease since
    /// (`StoreError.fenced` otherwise, and nothing is written).
    public func append<E: Encodable>(_ events: [E], fence: WriterFence? = nil) throws -> Int64 {
        try append(events, durable: false, fence: fence)
    }

    /// Like `append(_:)`, but the commit is fsynced (`synchronous = FULL`) so it survives power loss.
    public func appendDurably<E: Encodable>(_ events: [E]) throws -> Int64 {
        try append(events, durable: true, fence: nil)
    }

    private func append<E: Encodable>(_ events: [E], durable: Bool, fence: WriterFence?) throws(StoreError) -> Int64 {
        if events.isEmpty { return 0 }
        let payloads = try StoreCoding.payloads(events, location: path)
        let recordedAt = Date().timeIntervalSince1970
        return try write(durable: durable) { db in
            try check(fence, in: db)
            let insert = try db.cachedStatement(sql: "INSERT INTO events (recorded_at, payload) VALUES (?, ?)")
            for payload in payloads {
                try insert.execute(arguments: [recordedAt, payload])
            }
            return db.lastInsertedRowID
        }
    }

    /// Runs `body` in one IMMEDIATE transaction on the writer connection and returns its result;
    /// with `durable`, the commit is fsynced (`synchronous = FULL`).
    func write<T>(durable: Bool, _ body: (Database) throws -> T) throws(StoreError) -> T {
        try StoreError.guarding(path: path) {
            try pool.writeWithoutTransaction { db in
                // synchronous can only change outside a transaction; the writer connection is
                // serialised by GRDB, so no other write sees the temporary FULL setting.
                if durable { try db.execute(sql: "PRAGMA synchronous = FULL") }
                defer { if durable { try? db.execute(sql: "PRAGMA synchronous = NORMAL") } }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else {
                    throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "transaction finished without a result")
                }
                return result
            }
        }
    }

    /// Returns up to `limit` events with ids greater than `id`, in id order, decoded as `E`.
    public func events<E: Decodable>(after id: Int64, limit: Int = 10_000, as: E.Type) throws -> [(id: Int64, event: E)] {
        guard limit > 0 else { return [] }
        let rows = try StoreError.guarding(path: path) {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, payload FROM events WHERE id > ? ORDER BY id LIMIT ?",
                                 arguments: [id, limit])
                    .map { row -> (Int64, Data?) in (row[0], row[1]) }
            }
        }
        let decoder = StoreCoding.EventDecoder()
        var decoded: [(id: Int64, event: E)] = []
        decoded.reserveCapacity(rows.count)
        for (eventID, payload) in rows {
            decoded.append((eventID, try decode(E.self, from: payload, eventID: eventID, decoder: decoder)))
        }
        return decoded
    }

    /// The id of the last event ever appended (0 for a new store), even if compaction deleted it.
    public func lastEventID() throws -> Int64 {
        try StoreError.guarding(path: path) {
            try pool.read { db in try Int64.fetchOne(db, sql: Schema.lastEventIDSQL) ?? 0 }
        }
    }

    /// An event's `payload` (either format) decoded as `T`; a failure names the event.
    func decode<T: Decodable>(_ type: T.Type, from payload: Data?, eventID: Int64,
                              decoder: StoreCoding.EventDecoder) throws(StoreError) -> T {
        try decode(T.self, from: payload, eventID: eventID, what: "") { try decoder.decode(T.self, from: $0) }
    }

    /// A JSON `payload` (an older store's snapshot) decoded as `T`; a failure names it and its event id.
    func decode<T: Decodable>(_ type: T.Type, from payload: Data?, eventID: Int64,
                              decoder: JSONDecoder, what: String) throws(StoreError) -> T {
        try decode(T.self, from: payload, eventID: eventID, what: what) { try decoder.decode(T.self, from: $0) }
    }

    private func decode<T>(_: T.Type, from payload: Data?, eventID: Int64, what: String,
                           _ body: (Data) throws -> T) throws(StoreError) -> T {
        guard let payload else { throw .decode(path: path, eventID: eventID, detail: "\(what)payload is not a blob") }
        do {
            return try body(payload)
        } catch {
            throw .decode(path: path, eventID: eventID, detail: what + describe(decodingError: error))
        }
    }

    // MARK: Meta

    /// The value stored under `key` in the `meta` table, if any.
    public func meta(_ key: String) throws -> String? {
        try StoreError.guarding(path: path) {
            try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
        }
    }

    /// Stores `value` under `key` in the `meta` table (`schema_version` and `created_*` are the store's own).
    public func setMeta(_ key: String, _ value: String) throws {
        try StoreError.guarding(path: path) {
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO meta (key, value) VALUES (?, ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """, arguments: [key, value])
            }
        }
    }
}

/// A file's device and inode.
struct FileIdentity: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64

    /// The identity of the file at `path`, nil when there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

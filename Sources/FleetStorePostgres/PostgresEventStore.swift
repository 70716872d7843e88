import FleetStore
import Foundation
import PostgresNIO
import Synchronization

/// The fleetdeck store on a PostgreSQL server, shared by every collector, dashboard and approver of a team: the same
/// contract as the SQLite `EventStore` (same payload bytes, same audit digest), with the lease timed by the server.
///
/// Every call is synchronous and waits at most `timeout` seconds per statement. Writes take one transaction-level
/// advisory lock first (`PostgresSchema.writeLock`) and number events from a counter in `meta`, so ids are gapless and
/// become visible in commit order: a follower reading `id > cursor` never skips one.
public final class PostgresEventStore: EventStoring {
    /// The server and database.
    public let url: PostgresURL
    /// Seconds each statement (and each connection attempt) may take.
    public let timeout: TimeInterval
    /// Idle connections; a call takes one (or opens one) and gives it back when it is still healthy.
    private let idle = Mutex<[PostgresLink]>([])
    private let nextLinkID = Atomic<Int>(1)
    /// Whether opening it created the schema (the database held no store).
    public var createdSchema: Bool { created.load(ordering: .relaxed) }
    private let created = Atomic<Bool>(false)
    /// Idle connections kept for reuse; more are closed when given back.
    private static let idleLimit = 4

    /// Connects to `url` and creates the schema when the database holds none; refuses a database whose tables are not
    /// a fleetdeck store's, or a store from a newer fleetdeck.
    public init(url: PostgresURL, timeout: TimeInterval = 10) throws {
        self.url = url
        self.timeout = timeout
        created.store(try PostgresSchema.prepare(self), ordering: .relaxed)
    }

    deinit {
        close()
    }

    /// Closes the idle connections (calls afterwards open new ones).
    public func close() {
        for link in idle.withLock({ links in defer { links = [] }; return links }) { link.close() }
    }

    /// The URL without its password.
    public var location: String { url.description }
    /// A server store is never replaced under the process the way a file can be.
    public var isDetachedFromPath: Bool { false }

    // MARK: Connections and transactions

    /// Runs `body` on a connection of the pool; errors become `StoreError`.
    @discardableResult
    func withLink<T>(_ body: (PostgresLink) throws -> T) throws(StoreError) -> T {
        let link = try take()
        do {
            let result = try body(link)
            giveBack(link)
            return result
        } catch {
            giveBack(link)
            throw wrap(error)
        }
    }

    /// What a transaction does besides `body`.
    enum TransactionKind {
        /// Reads one consistent snapshot of the database (REPEATABLE READ, READ ONLY).
        case consistentRead
        /// Writes under the store's write lock; `durable: false` lets the commit return before it reaches the disk.
        case write(durable: Bool)
    }

    /// Runs `body` in one transaction of `kind`: committed when it returns, rolled back when it throws.
    @discardableResult
    func transaction<T>(_ kind: TransactionKind, _ body: (PostgresLink) throws -> T) throws(StoreError) -> T {
        try withLink { link in
            try link.query("BEGIN", "BEGIN")
            do {
                switch kind {
                case .consistentRead:
                    try link.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", "SET TRANSACTION")
                case .write(let durable):
                    if !durable { try link.query("SET LOCAL synchronous_commit = off", "SET synchronous_commit") }
                    try link.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.writeLock))", "taking the write lock")
                }
                let result = try body(link)
                try link.query("COMMIT", "COMMIT")
                return result
            } catch {
                // A connection that cannot even roll back is in an unknown state: it is closed, not reused.
                do { try link.query("ROLLBACK", "ROLLBACK") } catch { link.close() }
                throw error
            }
        }
    }

    private func take() throws(StoreError) -> PostgresLink {
        while let link = idle.withLock({ $0.popLast() }) {
            if !link.isClosed { return link }
        }
        let id = nextLinkID.add(1, ordering: .relaxed).oldValue
        return try PostgresLink.connect(url, timeout: timeout, id: id)
    }

    private func giveBack(_ link: PostgresLink) {
        guard !link.isClosed else { return }
        let kept = idle.withLock { links -> Bool in
            guard links.count < Self.idleLimit else { return false }
            links.append(link)
            return true
        }
        if !kept { link.close() }
    }

    /// `error` as a `StoreError` naming this store.
    func wrap(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return .io(path: location, detail: PostgresLink.describe(error))
    }

    // MARK: Meta

    /// The value stored under `key` in `meta`, if any.
    public func meta(_ key: String) throws -> String? {
        try withLink { link in try Self.meta(key, on: link) }
    }

    /// Stores `value` under `key` in `meta`.
    public func setMeta(_ key: String, _ value: String) throws {
        try withLink { link in
            try link.query("""
                INSERT INTO meta (key, value) VALUES (\(key), \(value))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, "setting meta \(key)")
        }
    }

    static func meta(_ key: String, on link: PostgresLink) throws -> String? {
        try link.query("SELECT value FROM meta WHERE key = \(key)", "reading meta \(key)").first?.decode(String.self)
    }

    /// A counter kept in `meta` as decimal text (0 when absent).
    static func counter(_ key: String, on link: PostgresLink) throws -> Int64 {
        try link.query("SELECT value::int8 FROM meta WHERE key = \(key)", "reading \(key)").first?.decode(Int64.self) ?? 0
    }
}

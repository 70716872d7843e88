import FleetStore
import FleetStorePostgres
import Foundation
import GRDB
import Synchronization

/// One backing store the contract runs against: it opens store instances on it (several instances are several
/// processes' views), and edits it behind the store's back as a database owner could.
protocol ContractBackend: Sendable {
    /// A new instance on the same backing store.
    func open() throws -> any EventStoring
    /// Overwrites the body of audit record `seq` directly in the database.
    func tamperAuditBody(seq: Int64, body: Data) throws
}

/// A SQLite file in a fresh temporary directory.
struct SQLiteBackend: ContractBackend {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("fleetdeck-contract-\(UUID().uuidString)").appendingPathComponent("store.sqlite").path

    func open() throws -> any EventStoring { try EventStore(path: path) }

    func tamperAuditBody(seq: Int64, body: Data) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "UPDATE audit SET body = ? WHERE seq = ?", arguments: [body, seq]) }
    }
}

/// A fresh database on the shared test server.
struct PostgresBackend: ContractBackend {
    let url: PostgresURL

    init() throws { url = try TestPostgres.freshDatabase() }

    func open() throws -> any EventStoring { try PostgresEventStore(url: url, timeout: 10) }

    func tamperAuditBody(seq: Int64, body: Data) throws {
        let hex = body.map { String(format: "%02x", $0) }.joined()
        try TestPostgres.execute("UPDATE audit SET body = '\\x\(hex)'::bytea WHERE seq = \(seq)", on: url)
    }
}

/// The events the contract appends.
struct Note: Codable, Sendable, Equatable {
    var writer: Int
    var n: Int
    var text: String
}

/// The state the contract snapshots: strings, numbers, fixed-width arrays and a nested array of structs.
struct Board: Codable, Sendable, Equatable {
    var name: String
    var readings: [Double]
    var counts: [Int64]
    var notes: [Note]

    init(_ name: String, size: Int) {
        self.name = name
        readings = (0..<size).map { Double($0) * 0.5 }
        counts = (0..<size).map { Int64($0 * $0) }
        notes = (0..<size / 10).map { Note(writer: 0, n: $0, text: "note \($0) of \(name)") }
    }
}

/// A value shared between test threads.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    var value: Value { mutex.withLock { $0 } }
    func update(_ change: (inout Value) -> Void) { mutex.withLock { change(&$0) } }
}

/// Runs `body` on `count` threads at once and waits for all (at most `timeout` seconds); returns their errors.
func onThreads(_ count: Int, timeout: TimeInterval = 60, _ body: @escaping @Sendable (Int) throws -> Void) -> [String] {
    let errors = Locked<[String]>([])
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            defer { group.leave() }
            do { try body(index) } catch { errors.update { $0.append("thread \(index): \(error)") } }
        }.start()
    }
    if group.wait(timeout: .now() + timeout) == .timedOut { return ["threads did not finish within \(timeout) s"] }
    return errors.value
}

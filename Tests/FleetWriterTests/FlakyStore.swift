import FleetStore
import Foundation
import Synchronization

/// A store that stops answering on demand, as a database server does when it goes down: while `isDown`, every call
/// throws `StoreError.io` (as `PostgresEventStore` does for a lost connection); otherwise it is `inner`.
final class FlakyStore: EventStoring {
    let inner: EventStore
    private let down = Atomic<Bool>(false)

    init(_ inner: EventStore) { self.inner = inner }

    var isDown: Bool {
        get { down.load(ordering: .relaxed) }
        set { down.store(newValue, ordering: .relaxed) }
    }

    /// While set, every call waits (at most 5 s) as for a server out of reach, then fails as at its deadline.
    var isHanging: Bool {
        get { hanging.load(ordering: .relaxed) }
        set { hanging.store(newValue, ordering: .relaxed) }
    }
    private let hanging = Atomic<Bool>(false)
    /// Calls waiting inside the store now (while it hangs).
    var callsWaiting: Int { waiting.load(ordering: .relaxed) }
    private let waiting = Atomic<Int>(0)

    private func answer<R>(_ body: () throws -> R) throws -> R {
        if isDown { throw StoreError.io(path: location, detail: "connection refused") }
        if isHanging {
            waiting.add(1, ordering: .relaxed)
            defer { waiting.subtract(1, ordering: .relaxed) }
            let started = Date()
            while isHanging, Date().timeIntervalSince(started) < 5 { Thread.sleep(forTimeInterval: 0.001) }
            throw StoreError.io(path: location, detail: "timed out")
        }
        return try body()
    }

    var location: String { inner.location }
    var isDetachedFromPath: Bool { false }
    func append<E: Encodable>(_ events: [E], fence: WriterFence?) throws -> Int64 { try answer { try inner.append(events, fence: fence) } }
    func appendDurably<E: Encodable>(_ events: [E]) throws -> Int64 { try answer { try inner.appendDurably(events) } }
    func events<E: Decodable>(after id: Int64, limit: Int, as: E.Type) throws -> [(id: Int64, event: E)] {
        try answer { try inner.events(after: id, limit: limit, as: E.self) }
    }
    func eventPayloads(after id: Int64, limit: Int) throws -> [(id: Int64, payload: Data)] {
        try answer { try inner.eventPayloads(after: id, limit: limit) }
    }
    func lastEventID() throws -> Int64 { try answer { try inner.lastEventID() } }
    func transact<E: Codable & Sendable, R>(after: Int64, as: E.Type, durable: Bool, fence: WriterFence?,
                                            _ body: ([(id: Int64, event: E)]) throws -> (write: StoreWrite<E>?, result: R))
        throws -> (newer: [(id: Int64, event: E)], lastEventID: Int64, audit: [AuditEntry], result: R) {
        try answer { try inner.transact(after: after, as: E.self, durable: durable, fence: fence, body) }
    }
    func transactAsLogin<E: Codable & Sendable, R>(after: Int64, as: E.Type,
                                                   _ body: ([(id: Int64, event: E)], String?) throws -> (write: StoreWrite<E>?, result: R))
        throws -> (newer: [(id: Int64, event: E)], lastEventID: Int64, audit: [AuditEntry], result: R) {
        try answer { try inner.transactAsLogin(after: after, as: E.self, body) }
    }
    func meta(_ key: String) throws -> String? { try answer { try inner.meta(key) } }
    func setMeta(_ key: String, _ value: String) throws { try answer { try inner.setMeta(key, value) } }
    func saveSnapshot<S: Encodable>(_ state: S, upToEventID: Int64, fence: WriterFence?) throws {
        try answer { try inner.saveSnapshot(state, upToEventID: upToEventID, fence: fence) }
    }
    func latestSnapshot<S: Decodable>(as: S.Type) throws -> (eventID: Int64, state: S)? { try answer { try inner.latestSnapshot(as: S.self) } }
    func latestSnapshotPayload() throws -> (eventID: Int64, payload: [UInt8])? { try answer { try inner.latestSnapshotPayload() } }
    func checkpoint(wait: TimeInterval) throws -> Bool { try answer { try inner.checkpoint(wait: wait) } }
    func saveRollups<R: Encodable>(_ periods: [(start: Int64, value: R)], resolution: Int, fence: WriterFence?) throws {
        try answer { try inner.saveRollups(periods, resolution: resolution, fence: fence) }
    }
    func rollups<R: Decodable>(resolution: Int, from: Int64, to: Int64, as: R.Type) throws -> [(start: Int64, value: R)] {
        try answer { try inner.rollups(resolution: resolution, from: from, to: to, as: R.self) }
    }
    func deleteRollups(resolution: Int, before: Int64) throws -> Int {
        try answer { try inner.deleteRollups(resolution: resolution, before: before) }
    }
    func takeWriterLease(owner: String, ttl: TimeInterval) throws -> WriterFence? { try answer { try inner.takeWriterLease(owner: owner, ttl: ttl) } }
    func renewWriterLease(owner: String, ttl: TimeInterval, fence: WriterFence?) throws -> Bool {
        try answer { try inner.renewWriterLease(owner: owner, ttl: ttl, fence: fence) }
    }
    func releaseWriterLease(owner: String) throws { try answer { try inner.releaseWriterLease(owner: owner) } }
    func writerLease() throws -> (owner: String, expiresAt: Date)? { try answer { try inner.writerLease() } }
    func writerEpoch() throws -> Int64 { try answer { try inner.writerEpoch() } }
    func appendAudit(_ bodies: [Data]) throws -> [AuditEntry] { try answer { try inner.appendAudit(bodies) } }
    func verifyAudit() throws -> AuditVerification { try answer { try inner.verifyAudit() } }
    func auditEntries(after seq: Int64, limit: Int) throws -> [AuditEntry] { try answer { try inner.auditEntries(after: seq, limit: limit) } }
    func makeWatcher(interval: TimeInterval, onChange: @escaping @Sendable (Int64) -> Void) throws -> any StoreWatching {
        try answer { try inner.makeWatcher(interval: interval, onChange: onChange) }
    }
}

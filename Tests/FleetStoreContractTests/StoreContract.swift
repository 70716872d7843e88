import Crypto
import FleetStore
import Foundation
import Testing

/// What every `EventStoring` must do, run by the SQLite and the PostgreSQL suites alike.
enum StoreContract {
    static func note(_ n: Int, writer: Int = 0) -> Note { Note(writer: writer, n: n, text: "note \(n)") }

    /// Events come back in append order with ids 1, 2, 3…, as the JSON bytes the SQLite store has always written.
    static func appendsAndReadsInOrder(_ backend: some ContractBackend) throws {
        let store = try backend.open()
        #expect(try store.lastEventID() == 0)
        let first = (1...5).map { note($0) }
        #expect(try store.append(first, fence: nil) == 5)
        #expect(try store.append([Note](), fence: nil) == 0)
        #expect(try store.appendDurably([note(6)]) == 6)
        let all = try store.events(after: 0, limit: 100, as: Note.self)
        #expect(all.map(\.id) == Array(1...6))
        #expect(all.map(\.event) == first + [note(6)])
        #expect(try store.events(after: 2, limit: 3, as: Note.self).map(\.id) == [3, 4, 5])
        // The raw payloads are what the stores' coder writes: binary events.
        let decoder = StoreCoding.EventDecoder()
        #expect(try store.eventPayloads(after: 0, limit: 100).allSatisfy { BinaryEvent.isBinary($0.payload) })
        #expect(try store.eventPayloads(after: 0, limit: 100).map { try decoder.decode(Note.self, from: $0.payload) } == first + [note(6)])
        let other = try backend.open()
        #expect(try other.lastEventID() == 6)
        #expect(try other.events(after: 5, limit: 10, as: Note.self).map(\.event) == [note(6)])
    }

    /// Two writers appending at once while a follower reads `id > cursor`: ids are gapless, and the follower, which
    /// never reads an id twice, still sees every event (no id becomes visible before a smaller one).
    static func concurrentAppendersAreGaplessInCommitOrder(_ backend: some ContractBackend) throws {
        let writers = try (0..<2).map { _ in try backend.open() }
        let follower = try backend.open()
        let batches = 60
        let finished = Locked(0)
        let seen = Locked<[Int64]>([])
        let errors = onThreads(3) { index in
            if index < 2 {
                defer { finished.update { $0 += 1 } }
                var n = 0
                for batch in 0..<batches {
                    let notes = (0...(batch % 3)).map { _ in n += 1; return note(n, writer: index) }
                    _ = try writers[index].append(notes, fence: nil)
                }
                return
            }
            var cursor: Int64 = 0
            while true {
                let done = finished.value == 2
                let batch = try follower.events(after: cursor, limit: 1000, as: Note.self)
                seen.update { $0 += batch.map(\.id) }
                cursor = batch.last?.id ?? cursor
                if done && batch.isEmpty { return }
                if batch.isEmpty { usleep(1000) }
            }
        }
        #expect(errors.isEmpty, "\(errors)")
        let total = 2 * (0..<batches).reduce(0) { $0 + $1 % 3 + 1 }
        #expect(seen.value == Array(1...Int64(total)))
        let stored = try follower.events(after: 0, limit: 10_000, as: Note.self)
        for writer in 0..<2 {
            #expect(stored.filter { $0.event.writer == writer }.map(\.event.n) == Array(1...(total / 2)))
        }
    }

    /// A writer whose lease was taken over writes nothing more: appends, decisions and snapshots fail atomically.
    static func staleEpochWritesNothing(_ backend: some ContractBackend) throws {
        let a = try backend.open(), b = try backend.open()
        let fenceA = try #require(try a.takeWriterLease(owner: "a", ttl: 0.3))
        #expect(try a.append([note(1)], fence: fenceA) == 1)
        let fenceB = try takeWhenFree(b, owner: "b", ttl: 30)
        #expect(fenceB.epoch == fenceA.epoch + 1)
        #expect(fencedEpochs { _ = try a.append([note(2)], fence: fenceA) } == [fenceA.epoch, fenceB.epoch])
        let bodyRan = Locked(false)
        #expect(fencedEpochs {
            _ = try a.transact(after: 0, as: Note.self, durable: false, fence: fenceA) { _ in
                bodyRan.update { $0 = true }
                return (StoreWrite(events: [note(3)], audit: [Data("stale".utf8)]), ())
            }
        } == [fenceA.epoch, fenceB.epoch])
        #expect(!bodyRan.value)
        #expect(fencedEpochs { try a.saveSnapshot(Board("stale", size: 10), upToEventID: 1, fence: fenceA) } == [fenceA.epoch, fenceB.epoch])
        #expect(try a.renewWriterLease(owner: "a", ttl: 30, fence: fenceA) == false)
        #expect(try a.lastEventID() == 1)
        #expect(try a.latestSnapshotPayload()?.eventID == nil)
        #expect(try a.verifyAudit().count == 0)
        #expect(try b.append([note(2)], fence: fenceB) == 2)
        #expect(try b.renewWriterLease(owner: "b", ttl: 30, fence: fenceB))
    }

    /// The lease is exclusive until its TTL passes on the store's clock; then another owner takes it at a new epoch.
    static func leaseIsTakenOverAfterTTL(_ backend: some ContractBackend) throws {
        let a = try backend.open(), b = try backend.open()
        #expect(try a.writerLease()?.owner == nil)
        let fenceA = try #require(try a.takeWriterLease(owner: "a", ttl: 0.5))
        #expect(try b.takeWriterLease(owner: "b", ttl: 30) == nil)
        #expect(try b.writerLease()?.owner == "a")
        let expiry = try #require(try b.writerLease()?.expiresAt.timeIntervalSinceNow)
        #expect(expiry > -1 && expiry < 2)
        #expect(try a.renewWriterLease(owner: "a", ttl: 0.5, fence: fenceA))
        let fenceB = try takeWhenFree(b, owner: "b", ttl: 30)
        #expect(fenceB.epoch > fenceA.epoch)
        #expect(try a.writerEpoch() == fenceB.epoch)
        #expect(try a.writerLease()?.owner == "b")
        #expect(try a.renewWriterLease(owner: "a", ttl: 30, fence: fenceA) == false)
        #expect(try a.takeWriterLease(owner: "a", ttl: 30) == nil)
        try a.releaseWriterLease(owner: "a")
        #expect(try a.writerLease()?.owner == "b")
        try b.releaseWriterLease(owner: "b")
        #expect(try a.writerLease()?.owner == nil)
        #expect(try a.takeWriterLease(owner: "a", ttl: 30)?.epoch == fenceB.epoch + 1)
    }

    /// The audit chain is SHA-256 over previous hash, seq (8 bytes big-endian) and body; verify finds an edited body.
    static func auditChainVerifiesAndCatchesTampering(_ backend: some ContractBackend) throws {
        let store = try backend.open()
        let bodies = (1...4).map { Data("{\"decision\":\($0)}".utf8) }
        #expect(try store.appendAudit(Array(bodies[0..<2])).map(\.seq) == [1, 2])
        let done = try store.transact(after: 0, as: Note.self, durable: true, fence: nil) { newer in
            (StoreWrite(events: [note(1)], audit: Array(bodies[2...])), newer.count)
        }
        #expect(done.audit.map(\.seq) == [3, 4])
        #expect(done.lastEventID == 1)
        var previous = Data(count: 32)
        for (entry, body) in zip(try store.auditEntries(after: 0, limit: 10), bodies) {
            let seq = withUnsafeBytes(of: entry.seq.bigEndian) { Data($0) }
            let hash = Data(SHA256.hash(data: previous + seq + body))
            #expect(entry.body == body && entry.previousHash == previous && entry.hash == hash)
            previous = hash
        }
        let verified = try store.verifyAudit()
        #expect(verified.isIntact && verified.count == 4)
        #expect(verified.headHash == previous.map { String(format: "%02x", $0) }.joined())
        try backend.tamperAuditBody(seq: 3, body: Data("{\"decision\":33}".utf8))
        let tampered = try store.verifyAudit()
        #expect(tampered.failure?.kind == .contentMismatch)
        #expect(tampered.failure?.seq == 3)
        #expect(tampered.count == 2)
    }

    /// A snapshot comes back equal and byte for byte the `BinarySnapshot` encoding; the newest two are kept and the
    /// events the older one covers are deleted, without ids ever being reused.
    static func snapshotsRoundTripAndCompact(_ backend: some ContractBackend) throws {
        let store = try backend.open()
        #expect(try store.latestSnapshotPayload()?.eventID == nil)
        _ = try store.append((1...10).map { note($0) }, fence: nil)
        let board = Board("first", size: 2000)
        try store.saveSnapshot(board, upToEventID: 4, fence: nil)
        let loaded = try #require(try store.latestSnapshot(as: Board.self))
        #expect(loaded.eventID == 4 && loaded.state == board)
        #expect(try store.latestSnapshotPayload()?.payload == BinarySnapshot.encode(board))
        try store.saveSnapshot(Board("second", size: 10), upToEventID: 6, fence: nil)
        try store.saveSnapshot(Board("third", size: 10), upToEventID: 8, fence: nil)
        #expect(try store.latestSnapshot(as: Board.self)?.state == Board("third", size: 10))
        #expect(try store.events(after: 0, limit: 100, as: Note.self).map(\.id) == [7, 8, 9, 10])
        #expect(try store.lastEventID() == 10)
        #expect(try store.append([note(11)], fence: nil) == 11)
    }

    /// Deciders racing in `transact` are serialised: each sees the others' writes, so a limit of 10 holds exactly.
    static func decisionsAreSerialised(_ backend: some ContractBackend) throws {
        let stores = try (0..<2).map { _ in try backend.open() }
        let errors = onThreads(2) { index in
            for _ in 0..<12 {
                _ = try stores[index].transact(after: 0, as: Note.self, durable: true, fence: nil) {
                    newer -> (write: StoreWrite<Note>?, result: Void) in
                    guard newer.count < 10 else { return (nil, ()) }
                    return (StoreWrite(events: [note(newer.count + 1, writer: index)], audit: [Data("ok".utf8)]), ())
                }
            }
        }
        #expect(errors.isEmpty, "\(errors)")
        #expect(try stores[0].events(after: 0, limit: 100, as: Note.self).map(\.event.n) == Array(1...10))
        #expect(try stores[0].verifyAudit().count == 10)
    }

    /// A watcher reports what another instance appended.
    static func watcherSeesOthersAppends(_ backend: some ContractBackend) throws {
        let store = try backend.open(), other = try backend.open()
        let seen = Locked<Int64>(0)
        let watcher = try store.makeWatcher(interval: 0.02) { id in seen.update { $0 = id } }
        watcher.start()
        defer { watcher.stop() }
        _ = try other.append([note(1), note(2)], fence: nil)
        let deadline = Date().addingTimeInterval(5)
        while seen.value < 2, Date() < deadline { usleep(5000) }
        #expect(seen.value == 2)
        #expect(watcher.lastSeenEventID == 2)
    }

    // MARK: Helpers

    /// Takes the lease once the current holder's expires (polling for at most 10 s).
    static func takeWhenFree(_ store: any EventStoring, owner: String, ttl: TimeInterval) throws -> WriterFence {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let fence = try store.takeWriterLease(owner: owner, ttl: ttl) { return fence }
            usleep(50_000)
        }
        throw StoreError.io(path: store.location, detail: "the lease never became free")
    }

    /// The [stale, current] epochs of the `StoreError.fenced` that `body` throws, nil if it throws anything else.
    static func fencedEpochs(_ body: () throws -> Void) -> [Int64]? {
        do {
            try body()
        } catch let StoreError.fenced(_, epoch, current) {
            return [epoch, current]
        } catch {
            return nil
        }
        return nil
    }
}

import Foundation
import Testing
import FleetStore

@Suite("Writer fencing and WAL checkpoints")
struct FencingTests {
    @Test("every acquisition raises the epoch, and releasing the lease does not reset it")
    func epochRises() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(try store.writerEpoch() == 0)
        #expect(try store.takeWriterLease(owner: "a", now: t0, ttl: 5)?.epoch == 1)
        #expect(try store.takeWriterLease(owner: "b", now: t0 + 1, ttl: 5) == nil, "a holds it")
        #expect(try store.writerEpoch() == 1, "a refused acquisition changes nothing")
        try store.releaseWriterLease(owner: "a")
        #expect(try store.takeWriterLease(owner: "b", now: t0 + 2, ttl: 5)?.epoch == 2)
        #expect(try store.takeWriterLease(owner: "b", now: t0 + 3, ttl: 5)?.epoch == 3, "re-taking counts too")
    }

    @Test("a writer paused past its lease writes nothing once another took over: events, snapshots, renewals")
    func staleWriterIsFenced() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let paused = try EventStore(path: dir.path())
        let other = try EventStore(path: dir.path())
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let old = try #require(try paused.takeWriterLease(owner: "host:1", now: t0, ttl: 5))
        #expect(try paused.append(["before"], fence: old) == 1)
        try paused.saveSnapshot("state", upToEventID: 1, fence: old)

        // host:1 is stopped for longer than its TTL; host:2 takes the lease.
        let new = try #require(try other.takeWriterLease(owner: "host:2", now: t0 + 6, ttl: 5))
        #expect(new.epoch == old.epoch + 1)

        #expect(throws: StoreError.fenced(path: paused.path, epoch: old.epoch, current: new.epoch)) {
            try paused.append(["after"], fence: old)
        }
        #expect(throws: StoreError.fenced(path: paused.path, epoch: old.epoch, current: new.epoch)) {
            try paused.saveSnapshot("stale", upToEventID: 1, fence: old)
        }
        #expect(try !paused.renewWriterLease(owner: "host:1", now: t0 + 7, ttl: 5, fence: old))
        #expect(try paused.lastEventID() == 1, "the refused append left no event")
        #expect(try paused.latestSnapshot(as: String.self)?.state == "state", "the refused snapshot left none")

        #expect(try other.append(["new writer"], fence: new) == 2)
        #expect(try other.renewWriterLease(owner: "host:2", now: t0 + 7, ttl: 5, fence: new))
        #expect(try other.append(["unfenced, e.g. a decision"]) == 3, "writes without a fence are not the writer's")
    }

    @Test("a fenced transact refuses a stale writer before its body sees anything, and writes for the current one")
    func fencedTransact() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let paused = try EventStore(path: dir.path())
        let other = try EventStore(path: dir.path())
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let old = try #require(try paused.takeWriterLease(owner: "host:1", now: t0, ttl: 5))
        #expect(try paused.append(["mine"], fence: old) == 1)
        #expect(try other.append(["a decision"]) == 2)
        let done = try paused.transact(after: 1, as: String.self, durable: false, fence: old) { newer in
            (StoreWrite(events: newer.map { "after \($0.event)" }, audit: []), newer.map(\.id))
        }
        #expect(done.result == [2] && done.lastEventID == 3)
        let new = try #require(try other.takeWriterLease(owner: "host:2", now: t0 + 6, ttl: 5))
        var bodyRan = false
        #expect(throws: StoreError.fenced(path: paused.path, epoch: old.epoch, current: new.epoch)) {
            try paused.transact(after: 3, as: String.self, durable: false, fence: old) { _ in
                bodyRan = true
                return (StoreWrite(events: ["stale"], audit: []), ())
            }
        }
        #expect(!bodyRan)
        #expect(try paused.lastEventID() == 3)
        #expect(try paused.events(after: 0, as: String.self).map(\.event) == ["mine", "a decision", "after a decision"])
    }

    @Test("the same owner taking the lease again fences its older epoch")
    func sameOwnerNewEpoch() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let first = try #require(try store.takeWriterLease(owner: "a", now: t0, ttl: 5))
        let second = try #require(try store.takeWriterLease(owner: "a", now: t0 + 10, ttl: 5))
        #expect(try !store.renewWriterLease(owner: "a", now: t0 + 11, ttl: 5, fence: first))
        #expect(try store.renewWriterLease(owner: "a", now: t0 + 11, ttl: 5, fence: second))
        #expect(throws: StoreError.self) { try store.append([1], fence: first) }
    }

    @Test("a checkpoint empties the WAL after a large write")
    func checkpointTruncatesWAL() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        let follower = try EventStore(path: dir.path())
        // Random letters: a snapshot is compressed, so only text without repeats stays this large.
        var generator = SystemRandomNumberGenerator()
        let big = String((0..<(6 << 20)).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x21...0x7E, using: &generator))) })
        try store.saveSnapshot(big, upToEventID: 0)
        #expect(store.walBytes > 4 << 20)
        #expect(try follower.latestSnapshot(as: String.self)?.state.count == big.count)
        #expect(try store.checkpoint())
        #expect(store.walBytes == 0)
        #expect(try follower.latestSnapshot(as: String.self)?.state.count == big.count, "readers see the same data")
    }
}

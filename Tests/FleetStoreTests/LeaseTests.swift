import Foundation
import Synchronization
import Testing
import FleetStore

@Suite("Writer lease")
struct LeaseTests {
    @Test("a second owner is refused until the lease expires; renew and release")
    func lifecycle() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        let other = try EventStore(path: dir.path())
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)

        #expect(try store.writerLease() == nil)
        #expect(try store.acquireWriterLease(owner: "collector-a", now: t0, ttl: 10))
        #expect(try store.acquireWriterLease(owner: "collector-a", now: t0 + 1, ttl: 10), "re-acquiring our own lease")
        #expect(try !other.acquireWriterLease(owner: "collector-b", now: t0 + 5, ttl: 10))
        #expect(try other.writerLease()?.owner == "collector-a")
        #expect(try other.writerLease()?.expiresAt == t0 + 11)

        #expect(try store.renewWriterLease(owner: "collector-a", now: t0 + 5, ttl: 10))
        #expect(try !other.acquireWriterLease(owner: "collector-b", now: t0 + 14.9, ttl: 10))
        #expect(try !other.renewWriterLease(owner: "collector-b", now: t0 + 14.9, ttl: 10), "cannot renew what it never held")

        #expect(try other.acquireWriterLease(owner: "collector-b", now: t0 + 15, ttl: 10), "expired at t0+15")
        #expect(try !store.renewWriterLease(owner: "collector-a", now: t0 + 16, ttl: 10), "collector-a lost it")
        try store.releaseWriterLease(owner: "collector-a")
        #expect(try store.writerLease()?.owner == "collector-b", "releasing someone else's lease does nothing")

        try other.releaseWriterLease(owner: "collector-b")
        #expect(try store.writerLease() == nil)
        #expect(try store.acquireWriterLease(owner: "collector-a", now: t0 + 17, ttl: 10))
    }

    @Test("an expired lease nobody took can still be renewed by its owner")
    func renewAfterLapse() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(try store.acquireWriterLease(owner: "a", now: t0, ttl: 1))
        #expect(try store.renewWriterLease(owner: "a", now: t0 + 60, ttl: 1))
        #expect(try store.writerLease()?.expiresAt == t0 + 61)
    }

    @Test("racing owners on separate connections: exactly one wins")
    func exactlyOneWinner() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let stores = try (0..<4).map { _ in try EventStore(path: dir.path()) }
        let now = Date()
        let winners = Mutex<[String]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            do {
                let owner = "owner-\(index)"
                if try stores[index % stores.count].acquireWriterLease(owner: owner, now: now, ttl: 30) {
                    winners.withLock { $0.append(owner) }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let won = winners.withLock { $0 }
        #expect(won.count == 1)
        #expect(try stores[0].writerLease()?.owner == won.first)
    }
}

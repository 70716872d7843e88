import FleetCore
import FleetStore
import FleetWriter
import Foundation
import Testing

@Suite("The lease keeper and a store that stops answering")
struct LeaseKeeperTests {
    /// A keeper of a lease taken at real time `now` on a flaky store over a new file in `dir`.
    private func keeper(_ dir: TempStore, now: Double) throws -> (LeaseKeeper, FlakyStore) {
        let store = FlakyStore(try EventStore(path: dir.path))
        guard let fence = try store.inner.takeWriterLease(owner: "test:1", now: Date(timeIntervalSince1970: now), ttl: 5) else {
            throw FakeFailure.broken("lease held")
        }
        return (LeaseKeeper(store: store, owner: "test:1", fence: fence, ttl: 5), store)
    }

    @Test("an unreachable store is not a lost lease: renewals say unreachable, back off, and hold again once it answers")
    func unreachableIsNotLost() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let (taken, store) = try keeper(dir, now: t0)
        var lease = taken
        #expect(lease.renewIfDue(now: t0) == .held)
        store.isDown = true
        #expect(lease.renewIfDue(now: t0 + 1) == .unreachable("store at \(dir.path): connection refused"))
        #expect(lease.unreachableSince == t0 + 1)
        store.isDown = false
        // Backed off: the next renewal is 2 s after the failed one, and says unreachable until then.
        #expect(lease.renewIfDue(now: t0 + 2) == .unreachable("store at \(dir.path): connection refused"))
        // Retried in the background: the call that starts it does not wait, a later one takes its answer.
        #expect(lease.renewIfDue(now: t0 + 3) == .unreachable("store at \(dir.path): connection refused"))
        lease.waitForRetry(seconds: 10)
        #expect(lease.renewIfDue(now: t0 + 3) == .held)
        #expect(lease.unreachableSince == nil)
        #expect(lease.renewIfDue(now: t0 + 4) == .held, "back to renewing every second")
    }

    @Test("a lease another writer took while the store was unreachable is lost, and the reason names that writer")
    func takenMeanwhileIsLost() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let (taken, store) = try keeper(dir, now: t0)
        var lease = taken
        store.isDown = true
        #expect(lease.renewIfDue(now: t0 + 1) != .held)
        // The lease lapsed meanwhile (5 s) and another writer took it at epoch 2.
        #expect(try store.inner.takeWriterLease(owner: "test:2", now: Date(timeIntervalSince1970: t0 + 10), ttl: 5) != nil)
        store.isDown = false
        #expect(lease.renewIfDue(now: t0 + 10) != .held)
        lease.waitForRetry(seconds: 10)
        #expect(lease.renewIfDue(now: t0 + 10) == .lost)
        #expect(lease.lossReason().hasPrefix("fenced: another writer (test:2, epoch 2) took the writer lease of this one (epoch 1)"))
    }

    @Test("while the store is unreachable the writer loop pauses its feeds and keeps writing; once it answers they resume")
    func loopPausesWhileUnreachable() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let (lease, store) = try keeper(dir, now: t0)
        let feed = CountingFeed(name: "sim")
        let loop = WriterLoop(lease: lease, state: FleetState(), lastEventID: 0, feeds: [feed], now: t0)
        #expect(loop.turn(now: t0))
        store.isDown = true
        #expect(!loop.turn(now: t0 + 1) && !loop.turn(now: t0 + 2))
        #expect(loop.isWriting && feed.steps == 1)
        #expect(loop.lastError == "store unreachable (feeds paused, retrying): store at \(dir.path): connection refused")
        store.isDown = false
        // The renewal retried in the background answers; the feed catches up on the steps it missed.
        #expect(!loop.turn(now: t0 + 3))
        loop.waitForLeaseRetry(seconds: 10)
        #expect(loop.turn(now: t0 + 3))
        #expect(loop.isWriting && loop.unreachable == nil && loop.lastError == nil && feed.steps == 4)
        let follower = try followerState(store.inner)
        #expect(follower.lastEventID == 8 && loop.lastEventID == 8)
        #expect(try canonical(follower.state) == canonical(loop.state))
    }

    @Test("once the store is known out of reach, no turn waits for it: the lease renewal is retried in the background")
    func turnsNeverWaitForAnUnreachableStore() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let (lease, store) = try keeper(dir, now: t0)
        let feed = CountingFeed(name: "sim")
        let loop = WriterLoop(lease: lease, state: FleetState(), lastEventID: 0, feeds: [feed], now: t0)
        #expect(loop.turn(now: t0))
        // The watcher lost the server; every call would now wait for its deadline.
        store.isHanging = true
        loop.pause(unreachable: "store connection lost", now: t0 + 1)
        #expect(!loop.turn(now: t0 + 1))
        #expect(store.callsWaiting == 0, "nothing was due: no call made")
        #expect(!loop.turn(now: t0 + 3))
        #expect(eventually { store.callsWaiting == 1 }, "the renewal waits in the background while the turn has returned")
        #expect(!loop.turn(now: t0 + 4) && store.callsWaiting == 1, "one retry at a time")
        #expect(loop.lastError == "store unreachable (feeds paused, retrying): store connection lost" && feed.steps == 1)
        store.isHanging = false
        loop.waitForLeaseRetry(seconds: 10)
        #expect(!loop.turn(now: t0 + 5), "the retry failed at its deadline: still paused")
        #expect(!loop.turn(now: t0 + 7))
        loop.waitForLeaseRetry(seconds: 10)
        #expect(loop.turn(now: t0 + 7))
        #expect(loop.isWriting && loop.unreachable == nil && feed.steps == 8)
    }

    /// Whether `condition` holds within 5 s (a background thread's call may not have started yet).
    private func eventually(_ condition: () -> Bool) -> Bool {
        let started = Date()
        while !condition() {
            guard Date().timeIntervalSince(started) < 5 else { return false }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return true
    }
}

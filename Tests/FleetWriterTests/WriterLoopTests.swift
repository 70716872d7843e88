import FleetCore
import FleetFeeds
import FleetStore
import FleetWriter
import Foundation
import Testing

@Suite("The writer loop")
struct WriterLoopTests {
    @Test("each event is applied once: the state's version counts exactly the events written, and equals a follower's")
    func eachEventAppliedOnce() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let a = CountingFeed(name: "a", perStep: 3), b = CountingFeed(name: "b", perStep: 2)
        let loop = try writerLoop(path: dir.path, feeds: [a, b], now: t0)
        for k in 0..<4 { #expect(loop.turn(now: t0 + Double(k))) }
        #expect(a.steps == 4 && b.steps == 4)
        let stored = try loop.store.events(after: 0, limit: 10_000, as: FleetEvent.self)
        #expect(stored.count == 20 && loop.lastEventID == 20)
        #expect(loop.state.version == 20, "20 events written, 20 applications")
        let follower = try followerState(loop.store)
        #expect(follower.lastEventID == 20 && follower.state.version == 20)
        #expect(try canonical(follower.state) == canonical(loop.state))
        #expect(!loop.turn(now: t0 + 3.5), "nothing is due half an interval later")
    }

    @Test("a failing feed is isolated: the others keep writing, its failure is stored once and it backs off")
    func failingFeedIsolated() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let broken = CountingFeed(name: "broken"), good = CountingFeed(name: "good", perStep: 1)
        broken.fails = true
        // No snapshot in these ten minutes: compaction would delete the failure's event before it is counted.
        let loop = try writerLoop(path: dir.path, feeds: [broken, good], now: t0, snapshotInterval: .infinity)
        // Ten minutes of turns: the broken feed is retried with backoff (1 s × 2^n, at most 5 min), the good one every second.
        for k in 0..<600 { loop.turn(now: t0 + Double(k)) }
        #expect(good.steps == 600)
        #expect(broken.steps >= 5 && broken.steps <= 12, "backed off, not retried every second: \(broken.steps)")
        let records = loop.state.feeds.filter { $0.name == "broken" }
        #expect(records.count == 1 && records.first?.lastError == "broken is broken")
        let failures = try loop.store.events(after: 0, limit: 10_000, as: FleetEvent.self).filter {
            if case .feedStatus(let s) = $0.event { s.name == "broken" } else { false }
        }
        #expect(failures.count == 1, "the same failure again is stored once")
        #expect(loop.lastError == "broken: broken is broken")
        broken.fails = false
        for k in 600..<1300 { loop.turn(now: t0 + Double(k)) }
        #expect(loop.lastError == nil && loop.state.feeds.contains { $0.name == "broken #\(broken.steps).0" })
    }

    @Test("events other processes wrote are applied first, in id order: the writer's state equals a follower's")
    func foreignEventsInIDOrder() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let feed = CountingFeed(name: "sim", perStep: 2)
        let loop = try writerLoop(path: dir.path, feeds: [feed], now: t0)
        let approver = try EventStore(path: dir.path)
        loop.turn(now: t0)
        #expect(try approver.append([FleetEvent.feedStatus(status(name: "cli decision", at: t0))]) == 3)
        loop.turn(now: t0 + 1)
        #expect(feed.seen.last?.contains("cli decision") == true, "the feed stepped on a state that had the decision")
        let names = try loop.store.events(after: 0, limit: 10_000, as: FleetEvent.self).map { e -> String in
            if case .feedStatus(let s) = e.event { s.name } else { "?" }
        }
        #expect(names == ["sim #1.0", "sim #1.1", "cli decision", "sim #2.0", "sim #2.1"])
        // A decision written while no feed is due arrives through catchUp (the store watcher fired).
        _ = try approver.append([FleetEvent.feedStatus(status(name: "second decision", at: t0 + 1))])
        #expect(try loop.catchUp())
        #expect(loop.state.feeds.contains { $0.name == "second decision" } && loop.lastEventID == 6)
        let follower = try followerState(approver)
        #expect(follower.state.version == loop.state.version && follower.state.version == 6)
        #expect(try canonical(follower.state) == canonical(loop.state))
    }

    @Test("a writer fenced off by a newer one writes nothing more and keeps the state it stored")
    func fencedWriterStops() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let feed = CountingFeed(name: "sim")
        let loop = try writerLoop(path: dir.path, feeds: [feed], now: t0)
        loop.turn(now: t0)
        let other = try EventStore(path: dir.path)
        #expect(try other.takeWriterLease(owner: "test:2", now: Date(timeIntervalSince1970: t0 + 10), ttl: 5) != nil)
        let version = loop.state.version
        #expect(!loop.turn(now: t0 + 10))
        #expect(!loop.isWriting && loop.lostReason?.hasPrefix("fenced: another writer (test:2") == true)
        #expect(loop.state.version == version && feed.steps == 1, "the feed did not step again")
        #expect(try other.lastEventID() == 2)
    }

    @Test("a warm-up makes a new store's first state off the loop, with what others wrote meanwhile, as a snapshot")
    func warmUpBecomesFirstSnapshot() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let approver = try EventStore(path: dir.path)
        _ = try approver.append([FleetEvent.feedStatus(status(name: "early decision", at: t0))])
        let store = try EventStore(path: dir.path)
        let fence = try #require(try store.takeWriterLease(owner: "test:1", now: Date(timeIntervalSince1970: t0), ttl: 5))
        let loop = WriterLoop(lease: LeaseKeeper(store: store, owner: "test:1", fence: fence, ttl: 5), state: FleetState(),
                              lastEventID: 0, feeds: [WarmingFeed(gpus: 4)], now: t0)
        var turns = 0
        while loop.isWarmingUp, turns < 500 {
            loop.turn(now: t0)
            Thread.sleep(forTimeInterval: 0.01)
            turns += 1
        }
        // The turn that adopted the first state also stepped the feed (due since t0).
        #expect(loop.state.gpus.count == 4 && loop.lastEventID == 2)
        #expect(loop.state.feeds.map(\.name) == ["early decision", "warming step"])
        let snapshot = try #require(try store.latestSnapshot(as: FleetState.self))
        #expect(snapshot.eventID == 1 && snapshot.state.gpus.count == 4)
        #expect(snapshot.state.feeds.map(\.name) == ["early decision"])
        let follower = try followerState(approver)
        #expect(follower.lastEventID == 2 && follower.state.version == loop.state.version)
        #expect(try canonical(follower.state) == canonical(loop.state))
    }

    @Test("the minute's snapshot is saved in the background and equals the state at its event id")
    func snapshotEveryMinute() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let loop = try writerLoop(path: dir.path, feeds: [CountingFeed(name: "sim", perStep: 1)], now: t0)
        for k in 0...60 { loop.turn(now: t0 + Double(k)) }
        loop.stop()  // waits for the snapshot being saved
        let snapshot = try #require(try loop.store.latestSnapshot(as: FleetState.self))
        #expect(snapshot.eventID == 61 && snapshot.state.version == 61)
    }
}

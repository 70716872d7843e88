import FleetStore
import FleetStorePostgres
import Foundation
import Testing

/// The store contract on a real PostgreSQL server (scripts/postgres-up.sh), plus what only a server store does.
@Suite(.enabled(if: TestPostgres.isInstalled, TestPostgres.skipReason))
struct PostgresContractTests {
    @Test func appendsAndReadsInOrder() throws { try StoreContract.appendsAndReadsInOrder(PostgresBackend()) }
    @Test func concurrentAppendersAreGaplessInCommitOrder() throws {
        try StoreContract.concurrentAppendersAreGaplessInCommitOrder(PostgresBackend())
    }
    @Test func staleEpochWritesNothing() throws { try StoreContract.staleEpochWritesNothing(PostgresBackend()) }
    @Test func leaseIsTakenOverAfterTTL() throws { try StoreContract.leaseIsTakenOverAfterTTL(PostgresBackend()) }
    @Test func auditChainVerifiesAndCatchesTampering() throws {
        try StoreContract.auditChainVerifiesAndCatchesTampering(PostgresBackend())
    }
    @Test func snapshotsRoundTripAndCompact() throws { try StoreContract.snapshotsRoundTripAndCompact(PostgresBackend()) }
    @Test func rollupsSurviveCompactionAndRetention() throws { try StoreContract.rollupsSurviveCompactionAndRetention(PostgresBackend()) }
    @Test func kpiRetentionPrunesEachSeries() throws { try StoreContract.kpiRetentionPrunesEachSeries(PostgresBackend()) }
    @Test func decisionsAreSerialised() throws { try StoreContract.decisionsAreSerialised(PostgresBackend()) }
    @Test func watcherSeesOthersAppends() throws { try StoreContract.watcherSeesOthersAppends(PostgresBackend()) }
    @Test func catchUpEqualsReplay() throws { try StoreContract.catchUpEqualsReplay(PostgresBackend()) }
    @Test func reviewDecisionRoundTrips() throws { try StoreContract.reviewDecisionRoundTrips(PostgresBackend()) }

    /// The same writes give the same bytes in both stores: event payloads, snapshot and audit hashes.
    @Test func storesTheSameBytesAsSQLite() throws {
        let stores: [any EventStoring] = [try SQLiteBackend().open(), try PostgresBackend().open()]
        let board = Board("same", size: 500)
        for store in stores {
            _ = try store.append((1...20).map { Tick(n: $0) }, fence: nil)
            _ = try store.appendAudit([Data("{\"a\":1}".utf8), Data("{\"b\":2}".utf8)])
            try store.saveSnapshot(board, upToEventID: 20, fence: nil)
        }
        let (sqlite, postgres) = (stores[0], stores[1])
        #expect(try sqlite.eventPayloads(after: 0, limit: 100).map(\.payload) == postgres.eventPayloads(after: 0, limit: 100).map(\.payload))
        #expect(try sqlite.latestSnapshotPayload()?.payload == postgres.latestSnapshotPayload()?.payload)
        #expect(try sqlite.auditEntries(after: 0, limit: 10) == postgres.auditEntries(after: 0, limit: 10))
        #expect(try sqlite.verifyAudit().headHash == postgres.verifyAudit().headHash)
    }

    /// An event whose JSON has one spelling.
    struct Tick: Codable, Equatable {
        var n: Int
    }

    /// The chain's digest can be recomputed by the server itself: sha256(prev_hash || int8send(seq) || body).
    @Test func auditDigestRecomputesInSQL() throws {
        let backend = try PostgresBackend()
        let store = try backend.open()
        _ = try store.appendAudit((1...5).map { Data("{\"n\":\($0)}".utf8) })
        try TestPostgres.execute("""
            DO $$ BEGIN
              IF EXISTS (SELECT 1 FROM audit WHERE hash <> sha256(prev_hash || int8send(seq) || body)) THEN
                RAISE EXCEPTION 'audit digest differs';
              END IF;
            END $$
            """, on: backend.url)
        #expect(try store.verifyAudit().count == 5)
    }

    /// A call that cannot finish (the write lock held elsewhere) fails at its deadline instead of waiting for ever.
    @Test func aBlockedCallFailsAtItsDeadline() throws {
        let backend = try PostgresBackend()
        let blocker = try PostgresEventStore(url: backend.url, timeout: 10)
        let store = try PostgresEventStore(url: backend.url, timeout: 0.5)
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        Thread {
            // Holds the write lock inside a decision until the test says so.
            _ = try? blocker.transact(after: 0, as: Note.self, durable: false, fence: nil) { _ in
                holding.signal()
                _ = release.wait(timeout: .now() + 20)
                return (nil, ())
            }
            finished.signal()
        }.start()
        #expect(holding.wait(timeout: .now() + 10) == .success)
        let started = Date()
        #expect(throws: StoreError.self) { _ = try store.append([StoreContract.note(1)], fence: nil) }
        let waited = Date().timeIntervalSince(started)
        release.signal()
        #expect(finished.wait(timeout: .now() + 10) == .success)
        #expect(waited >= 0.4 && waited < 5)
        #expect(try store.append([StoreContract.note(1)], fence: nil) == 1)
    }

    /// A writer paused inside its write transaction, past its lease (as under SIGSTOP), does not stall the store: the
    /// server ends its idle transaction, another writer takes the lease, and the paused one writes nothing on resuming.
    @Test func aWriterPausedInsideItsTransactionWritesNothingAndStallsNoOne() throws {
        let backend = try PostgresBackend()
        let paused = try PostgresEventStore(url: backend.url, timeout: 1), next = try PostgresEventStore(url: backend.url, timeout: 10)
        let fence = try #require(try paused.takeWriterLease(owner: "paused", ttl: 0.5))
        let inside = DispatchSemaphore(value: 0)
        let outcome = Locked<String>("running")
        Thread {
            do {
                _ = try paused.transact(after: 0, as: Note.self, durable: false, fence: fence) { _ in
                    inside.signal()
                    Thread.sleep(forTimeInterval: 2.5)  // paused, holding the write lock, past the lease and the idle limit
                    return (StoreWrite(events: [StoreContract.note(1)], audit: [Data("late".utf8)]), ())
                }
                outcome.update { $0 = "committed" }
            } catch {
                outcome.update { $0 = "refused" }
            }
        }.start()
        #expect(inside.wait(timeout: .now() + 10) == .success)
        Thread.sleep(forTimeInterval: 0.6)
        let started = Date()
        let taken = try #require(try next.takeWriterLease(owner: "next", ttl: 30))
        #expect(Date().timeIntervalSince(started) < 2, "the paused writer's lock is released by the server, not held for ever")
        #expect(try next.append([StoreContract.note(2)], fence: taken) == 1)
        let deadline = Date().addingTimeInterval(5)
        while outcome.value == "running", Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(outcome.value == "refused")
        #expect(try next.events(after: 0, limit: 10, as: Note.self).map(\.event) == [StoreContract.note(2)])
        #expect(try next.auditEntries(after: 0, limit: 10).isEmpty)
        #expect(try paused.renewWriterLease(owner: "paused", ttl: 30, fence: fence) == false)
    }

    /// A database whose tables belong to something else is refused, not written into.
    @Test func refusesAForeignDatabase() throws {
        let backend = try PostgresBackend()
        try TestPostgres.execute("CREATE TABLE meta (key text, value text)", on: backend.url)
        #expect(throws: StoreError.notFleetdeckStore(path: backend.url.description)) { _ = try backend.open() }
    }
}

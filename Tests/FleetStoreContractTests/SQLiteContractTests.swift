import FleetStore
import Testing

/// The store contract on the embedded SQLite store.
@Suite struct SQLiteContractTests {
    @Test func appendsAndReadsInOrder() throws { try StoreContract.appendsAndReadsInOrder(SQLiteBackend()) }
    @Test func concurrentAppendersAreGaplessInCommitOrder() throws {
        try StoreContract.concurrentAppendersAreGaplessInCommitOrder(SQLiteBackend())
    }
    @Test func staleEpochWritesNothing() throws { try StoreContract.staleEpochWritesNothing(SQLiteBackend()) }
    @Test func leaseIsTakenOverAfterTTL() throws { try StoreContract.leaseIsTakenOverAfterTTL(SQLiteBackend()) }
    @Test func auditChainVerifiesAndCatchesTampering() throws {
        try StoreContract.auditChainVerifiesAndCatchesTampering(SQLiteBackend())
    }
    @Test func snapshotsRoundTripAndCompact() throws { try StoreContract.snapshotsRoundTripAndCompact(SQLiteBackend()) }
    @Test func rollupsSurviveCompactionAndRetention() throws { try StoreContract.rollupsSurviveCompactionAndRetention(SQLiteBackend()) }
    @Test func kpiRetentionPrunesEachSeries() throws { try StoreContract.kpiRetentionPrunesEachSeries(SQLiteBackend()) }
    @Test func decisionsAreSerialised() throws { try StoreContract.decisionsAreSerialised(SQLiteBackend()) }
    @Test func watcherSeesOthersAppends() throws { try StoreContract.watcherSeesOthersAppends(SQLiteBackend()) }
    @Test func catchUpEqualsReplay() throws { try StoreContract.catchUpEqualsReplay(SQLiteBackend()) }
    @Test func reviewDecisionRoundTrips() throws { try StoreContract.reviewDecisionRoundTrips(SQLiteBackend()) }
    /// A file has no logins: the OS user running the process acts, so a decision is handed none.
    @Test func aDecisionIsHandedNoLogin() throws {
        let store = try SQLiteBackend().open()
        let done = try store.transactAsLogin(after: 0, as: Note.self) { _, login in
            (StoreWrite(events: [StoreContract.note(1)], audit: []), login)
        }
        #expect(done.result == nil && done.lastEventID == 1)
    }
}

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
    @Test func decisionsAreSerialised() throws { try StoreContract.decisionsAreSerialised(SQLiteBackend()) }
    @Test func watcherSeesOthersAppends() throws { try StoreContract.watcherSeesOthersAppends(SQLiteBackend()) }
}

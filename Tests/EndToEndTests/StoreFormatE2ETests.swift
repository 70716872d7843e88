import Foundation
import Testing

/// Stores of an older fleet state format (JSON snapshots, "2") are migrated when opened for writing.
@Suite(.serialized) struct StoreFormatE2ETests {
    /// A store made by this build, then marked as format 2 the way an older fleetdeck left it.
    private func formatTwoStore() throws -> (dir: URL, store: String) {
        let dir = try Harness.tempDir()
        let store = dir.appendingPathComponent("old.sqlite").path
        let made = try Harness.run(Harness.binary, ["snapshot", "--store", store, "--warmup-minutes", "5"], timeout: 60)
        try #require(made.code == 0, "\(made.err)")
        let marked = try Harness.run("/usr/bin/sqlite3", [store, "UPDATE meta SET value = '2' WHERE key = 'state_format'"])
        try #require(marked.code == 0, "\(marked.err)")
        return (dir, store)
    }

    @Test func aFormatTwoStoreIsMigratedWhenOpenedForWriting() throws {
        let (_, store) = try formatTwoStore()
        let r = try Harness.run(Harness.binary, ["report", "chargeback", "--store", store])
        #expect(r.code == 0, "\(r.err)")
        let format = try Harness.run("/usr/bin/sqlite3", [store, "SELECT value FROM meta WHERE key = 'state_format'"])
        #expect(format.out.trimmingCharacters(in: .whitespacesAndNewlines) == "4")
    }
}

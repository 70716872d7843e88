import Foundation
import Testing

/// Stores of the previous fleet state format (JSON snapshots, "2"): migrated when opened for writing, refused with
/// how to migrate when read-only.
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
        #expect(format.out.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"), "needs root and runuser"))
    func aReadOnlyFormatTwoStoreIsRefusedWithHowToMigrate() throws {
        let (dir, store) = try formatTwoStore()
        chmod(dir.path, 0o755)
        for suffix in ["", "-wal", "-shm"] { chmod(store + suffix, 0o444) }
        let r = try Harness.run("/usr/sbin/runuser", ["-u", "nobody", "--", Harness.binary, "snapshot", "--store", store, "--timeout", "3"],
                                timeout: 30)
        #expect(r.code != 0)
        #expect(r.err.contains("holds fleet state format 2 (JSON snapshots) and is read-only here"), "\(r.err)")
        #expect(r.err.contains("run `fleetdeck report chargeback --store \(store)` once as a user who can write it"), "\(r.err)")
    }
}

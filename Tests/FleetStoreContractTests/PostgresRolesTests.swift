import FleetStore
import FleetStorePostgres
import Foundation
import Testing

/// `PostgresStoreSetup.initialise`: what each role may do is decided by the database, not by the client.
@Suite(.enabled(if: TestPostgres.isInstalled, TestPostgres.skipReason))
struct PostgresRolesTests {
    @Test func eachRoleMayDoWhatItIsForAndNothingMore() throws {
        let backend = try PostgresBackend()
        #expect(try PostgresStoreSetup.initialise(backend.url).count == 3)
        #expect(try PostgresStoreSetup.initialise(backend.url).count == 3)  // again: nothing changes, nothing fails
        let database = backend.url.database
        // Login roles of three people (trust authentication on the test server: the role is the identity).
        for (person, role) in [("wes_\(database)", "writer"), ("abe_\(database)", "approver"), ("vic_\(database)", "viewer")] {
            try TestPostgres.execute("CREATE ROLE \(person) LOGIN IN ROLE fleetdeck_\(role)", on: backend.url)
        }
        func login(_ person: String) throws -> PostgresEventStore {
            var url = backend.url
            url.user = "\(person)_\(database)"
            return try PostgresEventStore(url: url, timeout: 10)
        }
        let writer = try login("wes"), approver = try login("abe"), viewer = try login("vic")

        let fence = try #require(try writer.takeWriterLease(owner: "collector", ttl: 30))
        #expect(try writer.append([StoreContract.note(1)], fence: fence) == 1)
        try writer.saveSnapshot(Board("fleet", size: 10), upToEventID: 1, fence: fence)
        let decided = try approver.transact(after: 1, as: Note.self, durable: true, fence: nil) { _ in
            (StoreWrite(events: [StoreContract.note(2)], audit: [Data("{\"approved\":1}".utf8)]), ())
        }
        #expect(decided.lastEventID == 2 && decided.audit.map(\.seq) == [1])

        // A decision is handed the login the server authenticated, read inside its own transaction.
        let login = try approver.transactAsLogin(after: 2, as: Note.self) { _, login in (nil, login) }.result
        #expect(login == "abe_\(database)")
        let grants = try [writer, approver, viewer].map { try $0.grants() }
        #expect(grants.map(\.login) == ["wes", "abe", "vic"].map { "\($0)_\(database)" })
        #expect(grants.map(\.mayDecide) == [true, true, false] && grants.map(\.mayRunFeeds) == [true, false, false])
        let refusal = try #require(throws: StoreError.self) {
            _ = try viewer.transactAsLogin(after: 2, as: Note.self) { _, _ in (StoreWrite(events: [StoreContract.note(9)], audit: []), ()) }
        }
        guard case .notPermitted = refusal else { Issue.record("a viewer's write is \(refusal), not notPermitted"); return }

        #expect(try viewer.events(after: 0, limit: 10, as: Note.self).count == 2)
        #expect(try viewer.verifyAudit().isIntact)
        #expect(throws: StoreError.self) { _ = try viewer.appendDurably([StoreContract.note(3)]) }
        #expect(throws: StoreError.self) { _ = try viewer.appendAudit([Data("{\"forged\":1}".utf8)]) }
        // Free, the lease is still the writers' only: an approver may not take it (nor raise the epoch).
        try writer.releaseWriterLease(owner: "collector")
        #expect(throws: StoreError.self) { _ = try approver.takeWriterLease(owner: "approver", ttl: 30) }
        // Nor by hand: the approver's UPDATE on meta (a decision moves the event counter and the audit head) stops at
        // the writers' rows.
        var approverURL = backend.url
        approverURL.user = "abe_\(database)"
        try writer.setMeta("state_format", "4")
        for key in ["writer_epoch", "state_format", "schema_version"] {
            #expect(throws: StoreError.self) { try TestPostgres.execute("UPDATE meta SET value = '99' WHERE key = '\(key)'", on: approverURL) }
        }
        #expect(throws: StoreError.self) { try TestPostgres.execute("UPDATE meta SET key = 'x' WHERE key = 'last_event_id'", on: approverURL) }
        #expect(try viewer.writerEpoch() == fence.epoch)
        // The writers may: a new lease raises the epoch.
        #expect(try writer.takeWriterLease(owner: "collector", ttl: 30)?.epoch == fence.epoch + 1)
        try writer.releaseWriterLease(owner: "collector")

        // Not even a role granted UPDATE by mistake may rewrite or delete a decision: the trigger refuses it.
        try TestPostgres.execute("GRANT UPDATE, DELETE ON audit TO fleetdeck_approver", on: backend.url)
        #expect(throws: StoreError.self) { try TestPostgres.execute("UPDATE audit SET body = 'x'::bytea", on: approverURL) }
        #expect(throws: StoreError.self) { try TestPostgres.execute("DELETE FROM audit", on: approverURL) }
        #expect(try viewer.verifyAudit().count == 1)
        // The owner can (it owns the tables): what it edits, verification catches.
        try TestPostgres.execute("UPDATE audit SET body = '{\"approved\":0}'::bytea WHERE seq = 1", on: backend.url)
        #expect(try viewer.verifyAudit().failure?.kind == .contentMismatch)
    }
}

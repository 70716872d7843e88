import FleetStore
import Foundation
import PostgresNIO

/// What the login may do with the store, as the database's grants say (the database enforces them; the client only
/// avoids asking for what would be refused).
public struct PostgresGrants: Sendable, Hashable {
    /// The role the server authenticated (`session_user`).
    public let login: String
    /// Whether it may append events and audit records (an approver, a writer or the owner).
    public let mayDecide: Bool
    /// Whether it may take the writer lease and save snapshots (a writer or the owner).
    public let mayRunFeeds: Bool
}

extension PostgresEventStore {
    /// The login and what its grants allow on the store's tables.
    public func grants() throws -> PostgresGrants {
        try withLink { link in
            let rows = try link.query("""
                SELECT session_user::text,
                       has_table_privilege('events', 'INSERT') AND has_table_privilege('audit', 'INSERT'),
                       has_table_privilege('writer_lease', 'INSERT') AND has_table_privilege('writer_lease', 'UPDATE')
                           AND has_table_privilege('snapshots', 'INSERT')
                """, "reading the login's grants")
            guard let row = rows.first else { throw StoreError.io(path: location, detail: "reading the login's grants: no row") }
            let (login, mayDecide, mayRunFeeds) = try row.decode((String, Bool, Bool).self)
            return PostgresGrants(login: login, mayDecide: mayDecide, mayRunFeeds: mayRunFeeds)
        }
    }
}

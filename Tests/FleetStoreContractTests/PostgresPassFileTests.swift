import Foundation
@testable import FleetStorePostgres
import Testing

/// The password file as libpq reads it: first matching line, `*` wildcards, escapes, and never a readable file.
@Suite struct PostgresPassFileTests {
    static let text = """
        # host:port:database:user:password
        db.example:5432:other:ann:wrong
        db.example:5432:fleet:ann:first\\:pa\\\\ss
        *:*:*:ann:fallback
        localhost:5433:fleet:bob:socket

        """

    @Test func theFirstMatchingLineGivesThePassword() throws {
        let ann = try PostgresURL(parsing: "postgresql://ann@db.example/fleet")
        #expect(PostgresPassFile.password(for: ann, in: Self.text) == "first:pa\\ss")
        #expect(PostgresPassFile.password(for: try PostgresURL(parsing: "postgresql://ann@elsewhere:6000/x"), in: Self.text) == "fallback")
        #expect(PostgresPassFile.password(for: try PostgresURL(parsing: "postgresql://bob@:5433/fleet?host=/run/pg"), in: Self.text) == "socket")
        #expect(PostgresPassFile.password(for: try PostgresURL(parsing: "postgresql://carl@db.example/fleet"), in: Self.text) == nil)
    }

    @Test func aFileOthersMayReadIsIgnored() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)").path
        defer { unlink(path) }
        try Self.text.write(toFile: path, atomically: true, encoding: .utf8)
        let ann = try PostgresURL(parsing: "postgresql://ann@db.example/fleet")
        chmod(path, 0o644)
        #expect(PostgresPassFile.password(for: ann, environment: ["PGPASSFILE": path]) == nil)
        chmod(path, 0o600)
        #expect(PostgresPassFile.password(for: ann, environment: ["PGPASSFILE": path]) == "first:pa\\ss")
    }
}

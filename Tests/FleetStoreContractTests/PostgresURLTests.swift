import FleetStorePostgres
import Testing

@Suite struct PostgresURLTests {
    @Test func readsEveryPart() throws {
        let url = try PostgresURL(parsing: "postgresql://fleet:s3cret@db.example:6543/fleetdeck?sslmode=verify-full")
        #expect(url.user == "fleet" && url.password == "s3cret")
        #expect(url.host == "db.example" && url.port == 6543 && url.socketDirectory == nil)
        #expect(url.database == "fleetdeck" && url.sslMode == .verifyFull)
        #expect(url.description == "postgresql://fleet@db.example:6543/fleetdeck?sslmode=verify-full")
        #expect(!url.description.contains("s3cret"))
    }

    @Test func defaultsAsLibpq() throws {
        let url = try PostgresURL(parsing: "postgres://fleet@db")
        #expect(url.port == 5432 && url.database == "fleet" && url.sslMode == .prefer)
    }

    @Test func aSocketDirectoryIsNotAHost() throws {
        let query = try PostgresURL(parsing: "postgresql://fleet@:5433/fleetdeck?host=/tmp/pg/run")
        #expect(query.host == nil && query.socketPath == "/tmp/pg/run/.s.PGSQL.5433")
        let encoded = try PostgresURL(parsing: "postgresql://fleet@%2Fvar%2Frun%2Fpostgresql/fleetdeck")
        #expect(encoded.host == nil && encoded.socketPath == "/var/run/postgresql/.s.PGSQL.5432")
        let none = try PostgresURL(parsing: "postgresql://fleet@/fleetdeck")
        #expect(none.socketDirectory == "/var/run/postgresql")
    }

    @Test(arguments: ["postgresql://fleet@db/x?sslmode=verify_full", "postgresql://fleet@db/x?ssl=true",
                      "postgresql://fleet@db:99999/x", "postgresql://fleet@db/a/b", "mysql://fleet@db/x", "/var/lib/fleet.sqlite"])
    func refusesWhatItCannotHonour(_ text: String) {
        #expect(throws: PostgresURLError.self) { _ = try PostgresURL(parsing: text) }
    }

    @Test func everySSLModeOfLibpqIsKnown() throws {
        for mode in ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] {
            #expect(try PostgresURL(parsing: "postgresql://fleet@db/x?sslmode=\(mode)").sslMode.rawValue == mode)
        }
    }
}

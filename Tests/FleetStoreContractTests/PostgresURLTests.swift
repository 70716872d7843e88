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

    @Test func aSiteCAIsReadFromSSLRootCert() throws {
        let url = try PostgresURL(parsing: "postgresql://fleet@db.example/fleetdeck?sslmode=verify-full&sslrootcert=/etc/fleetdeck/ca.pem")
        #expect(url.sslRootCertificate == "/etc/fleetdeck/ca.pem" && url.sslMode == .verifyFull)
        #expect(url.description == "postgresql://fleet@db.example:5432/fleetdeck?sslmode=verify-full&sslrootcert=/etc/fleetdeck/ca.pem")
        #expect(try PostgresURL(parsing: "postgresql://fleet@db/x?sslrootcert=system").sslRootCertificate == nil)
        #expect(try PostgresURL(parsing: "postgresql://fleet@db/x").sslRootCertificate == nil)
        #expect(throws: PostgresURLError.self) { _ = try PostgresURL(parsing: "postgresql://fleet@db/x?sslrootcert=") }
    }

    @Test func aClientCertificateNeedsItsKey() throws {
        let url = try PostgresURL(parsing: "postgresql://ann@db/x?sslmode=verify-full&sslcert=/home/ann/ann.crt&sslkey=/home/ann/ann.key")
        #expect(url.sslClientCertificate?.certificate == "/home/ann/ann.crt" && url.sslClientCertificate?.key == "/home/ann/ann.key")
        #expect(url.description == "postgresql://ann@db:5432/x?sslmode=verify-full&sslcert=/home/ann/ann.crt")
        #expect(throws: PostgresURLError.self) { _ = try PostgresURL(parsing: "postgresql://ann@db/x?sslcert=/home/ann/ann.crt") }
        #expect(throws: PostgresURLError.self) { _ = try PostgresURL(parsing: "postgresql://ann@db/x?sslkey=/home/ann/ann.key") }
    }

    @Test func everySSLModeOfLibpqIsKnown() throws {
        for mode in ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] {
            #expect(try PostgresURL(parsing: "postgresql://fleet@db/x?sslmode=\(mode)").sslMode.rawValue == mode)
        }
    }
}

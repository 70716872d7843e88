import Foundation

/// A PostgreSQL connection URL: `postgresql://user[:password]@host[:port]/database[?sslmode=…&sslrootcert=…&sslcert=…&sslkey=…&host=/socket/dir]`.
///
/// The parts libpq users know, with libpq's defaults (port 5432, database named as the user, the unix socket in
/// /var/run/postgresql when no host is given). Unknown parameters and `sslmode` values are refused rather than
/// ignored: a mistyped `sslmode` must never quietly become a weaker one.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// How TLS is negotiated, as libpq's `sslmode`.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Plain TCP only.
        case disable
        /// TLS if the server offers it, unverified (libpq's default; can be downgraded by anyone on the path).
        case allow, prefer
        /// TLS or nothing, without verifying the certificate (protects against listening, not a man in the middle).
        case require
        /// TLS with the certificate verified against the trusted roots, not the host name.
        case verifyCA = "verify-ca"
        /// TLS with the certificate and the host name verified: the setting for a network.
        case verifyFull = "verify-full"
    }

    /// The role to log in as.
    public var user: String
    /// The password from the URL, if any.
    public var password: String?
    /// The TCP host name or address; nil when connecting through a unix socket.
    public var host: String?
    /// The TCP port, also the number in the socket's file name.
    public var port: Int
    /// The directory holding the server's unix socket (`.s.PGSQL.PORT`), when not connecting over TCP.
    public var socketDirectory: String?
    /// The database name.
    public var database: String
    /// How TLS is negotiated (TCP only; a unix socket never uses TLS).
    public var sslMode: SSLMode
    /// A PEM file of the certificate authorities to trust instead of the system's (libpq's `sslrootcert`), for a
    /// server whose certificate a site's own CA signed; nil for the system's roots.
    public var sslRootCertificate: String?
    /// A PEM client certificate and its key (libpq's `sslcert` and `sslkey`), for a server that logs roles in by
    /// certificate (`cert` in pg_hba.conf): the certificate's common name is the role.
    public var sslClientCertificate: ClientCertificate?

    /// The paths of a PEM client certificate and of its private key.
    public struct ClientCertificate: Sendable, Hashable {
        public var certificate: String
        public var key: String
    }

    /// Whether `text` names a PostgreSQL store rather than a file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Parses `text`; the error says which part is wrong.
    public init(parsing text: String) throws(PostgresURLError) {
        guard Self.isPostgres(text), let parts = URLComponents(string: text) else {
            throw PostgresURLError("not a postgresql://user@host:port/database URL")
        }
        user = parts.user.flatMap { $0.isEmpty ? nil : $0 } ?? Self.loginName()
        password = parts.password
        port = parts.port ?? 5432
        guard (1...65_535).contains(port) else { throw PostgresURLError("port \(port) is out of range") }
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        guard !path.contains("/") else { throw PostgresURLError("the path must be one database name, not '\(path)'") }
        database = path.isEmpty ? user : path
        sslMode = .prefer
        // A host starting with '/' (percent-encoded in the authority, or as ?host=) is a socket directory, as in libpq.
        var hostText = parts.host.flatMap { $0.isEmpty ? nil : $0 }
        var certificate: String?, key: String?
        for item in parts.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw PostgresURLError("sslmode '\(value)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sslMode = mode
            case "sslrootcert":
                // libpq's `system` names the system's roots, which are the default here.
                guard !value.isEmpty else { throw PostgresURLError("sslrootcert needs a file path") }
                sslRootCertificate = value == "system" ? nil : value
            case "sslcert", "sslkey":
                guard !value.isEmpty else { throw PostgresURLError("\(item.name) needs a file path") }
                if item.name == "sslcert" { certificate = value } else { key = value }
            case "host": hostText = value
            default: throw PostgresURLError("unknown parameter '\(item.name)' (known: sslmode, sslrootcert, sslcert, sslkey, host)")
            }
        }
        switch (certificate, key) {
        case (nil, nil): sslClientCertificate = nil
        case let (certificate?, key?): sslClientCertificate = ClientCertificate(certificate: certificate, key: key)
        default: throw PostgresURLError("sslcert and sslkey go together")
        }
        if let hostText, !hostText.hasPrefix("/") {
            host = hostText
            socketDirectory = nil
        } else {
            host = nil
            socketDirectory = hostText ?? "/var/run/postgresql"
        }
    }

    /// The unix socket's path, when connecting through one.
    public var socketPath: String? {
        socketDirectory.map { "\($0)/.s.PGSQL.\(port)" }
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        let place = host.map { $0.contains(":") ? "[\($0)]" : $0 } ?? ""
        var text = "postgresql://\(user)@\(place):\(port)/\(database)"
        var query: [String] = []
        if let socketDirectory { query.append("host=\(socketDirectory)") }
        if host != nil { query.append("sslmode=\(sslMode.rawValue)") }
        if host != nil, let sslRootCertificate { query.append("sslrootcert=\(sslRootCertificate)") }
        if host != nil, let sslClientCertificate { query.append("sslcert=\(sslClientCertificate.certificate)") }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    /// The name of the user running this process, libpq's default role.
    private static func loginName() -> String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "postgres" }
        return String(cString: name)
    }
}

/// Why a PostgreSQL URL was refused.
public struct PostgresURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the URL.
    public let description: String
    init(_ description: String) { self.description = "postgresql URL: " + description }
}

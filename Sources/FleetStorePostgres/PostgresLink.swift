import FleetStore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// One PostgreSQL connection used synchronously from an ordinary thread: every call waits for its future at most
/// `timeout` seconds, and a call that missed its deadline closes the connection (a late answer must not be read as the
/// next call's).
///
/// Never call it on an event-loop thread (it would wait for itself); the store's callers are the UI loop, `collect`'s
/// loop and their worker threads.
final class PostgresLink: Sendable {
    private let connection: PostgresConnection
    /// Where, for errors.
    let location: String
    /// Seconds each call may take.
    let timeout: TimeInterval

    private init(connection: PostgresConnection, location: String, timeout: TimeInterval) {
        self.connection = connection
        self.location = location
        self.timeout = timeout
    }

    /// Connects to `url`, waiting at most `timeout` seconds.
    static func connect(_ url: PostgresURL, timeout: TimeInterval, id: Int) throws(StoreError) -> PostgresLink {
        let location = url.description
        let configuration = try configuration(url, timeout: timeout, location: location)
        let future = PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                id: id, logger: quiet)
        do {
            let connection = try wait(future, timeout: timeout, what: "connecting")
            return PostgresLink(connection: connection, location: location, timeout: timeout)
        } catch {
            // A connection that arrives after the deadline is closed, not leaked.
            if error.timedOut { future.whenSuccess { late in late.close().whenComplete { _ in } } }
            throw StoreError.io(path: location, detail: error.detail)
        }
    }

    /// The driver asserts (in debug builds) when a connection is dropped before it was closed.
    deinit {
        close()
    }

    /// Whether the connection is gone (closed by either side, or after a missed deadline).
    var isClosed: Bool { connection.isClosed }

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery, _ what: String) throws(StoreError) -> [PostgresRow] {
        guard !connection.isClosed else { throw StoreError.io(path: location, detail: "\(what): the connection is closed") }
        do {
            return try Self.wait(connection.query(query, logger: Self.quiet), timeout: timeout, what: what).rows
        } catch {
            if error.timedOut { close() }
            if error.sqlState == Self.insufficientPrivilege { throw StoreError.notPermitted(path: location, detail: error.detail) }
            throw StoreError.io(path: location, detail: error.detail)
        }
    }

    /// Closes the connection, waiting at most a second.
    func close() {
        guard !connection.isClosed else { return }
        _ = try? Self.wait(connection.close(), timeout: 1, what: "closing")
    }

    /// Why a wait failed, and whether it was the deadline.
    private struct WaitFailure: Error {
        let timedOut: Bool
        let detail: String
        /// The server's SQLSTATE, when the server answered with an error.
        var sqlState: String? = nil
    }

    /// SQLSTATE of a statement the login's grants do not allow.
    static let insufficientPrivilege = "42501"

    /// Waits for `future` at most `timeout` seconds; a failure names `what`.
    private static func wait<T: Sendable>(_ future: EventLoopFuture<T>, timeout: TimeInterval,
                                          what: String) throws(WaitFailure) -> T {
        guard !future.eventLoop.inEventLoop else {
            throw WaitFailure(timedOut: false, detail: "\(what): called on an event-loop thread")
        }
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        future.whenComplete { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + timeout) == .success, let result = outcome.withLock({ $0 }) else {
            throw WaitFailure(timedOut: true, detail: "timed out after \(timeout) s \(what)")
        }
        do {
            return try result.get()
        } catch {
            throw WaitFailure(timedOut: false, detail: "\(what): \(describe(error))", sqlState: sqlState(error))
        }
    }

    /// The driver's configuration for `url`: a unix socket, or TCP with TLS as `sslmode` says.
    private static func configuration(_ url: PostgresURL, timeout: TimeInterval,
                                      location: String) throws(StoreError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        // As libpq: a password in the URL, else the password file's; none for a certificate, peer or trust login.
        let password = url.password ?? PostgresPassFile.password(for: url)
        if let host = url.host {
            configuration = .init(host: host, port: url.port, username: url.user, password: password,
                                  database: url.database, tls: try tls(url.sslMode, location: location))
        } else {
            configuration = .init(unixSocketPath: url.socketPath ?? "", username: url.user, password: password,
                                  database: url.database)
        }
        configuration.options.connectTimeout = .milliseconds(Int64(timeout * 1000))
        return configuration
    }

    /// TLS as libpq's `sslmode`: `prefer` and `require` encrypt without checking the certificate, `verify-ca` checks it
    /// against the system's roots, `verify-full` also checks the host name.
    private static func tls(_ mode: PostgresURL.SSLMode, location: String) throws(StoreError) -> PostgresConnection.Configuration.TLS {
        var settings = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return .disable
        case .allow, .prefer, .require: settings.certificateVerification = .none
        case .verifyCA: settings.certificateVerification = .noHostnameVerification
        case .verifyFull: settings.certificateVerification = .fullVerification
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: settings)
        } catch {
            throw StoreError.io(path: location, detail: "cannot set up TLS: \(error)")
        }
        return mode == .allow || mode == .prefer ? .prefer(context) : .require(context)
    }

    /// A logger that drops everything: the driver's messages never reach the terminal; errors come back as values.
    private static let quiet = Logger(label: "fleetdeck.postgres") { _ in SwiftLogNoOpLogHandler() }

    /// The server's message and SQLSTATE for a server error; the driver's own description otherwise.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return "\(message) (SQLSTATE \(info[.sqlState] ?? "?"))"
        }
        return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
    }

    /// The SQLSTATE of a server error, if `error` is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}

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

    /// What a LISTEN on this connection reports.
    enum ListenSignal: Sendable, Equatable {
        /// One notification's payload.
        case notified(String)
        /// The connection closed: nothing more arrives.
        case ended
    }

    /// LISTENs on `channel`, handing each notification, and the connection's end, to `report` (called on an event-loop
    /// thread: it must only hand the signal over). Returns once the server confirmed the LISTEN.
    ///
    /// The driver's callback API, not its async stream: a task would need the cooperative pool, which blocked threads
    /// can starve. The listener is registered on the connection's event loop after checking that it is open, since
    /// the driver traps on a listener it drops unused (one registered on a connection that just closed).
    func listen(on channel: String, _ report: @escaping @Sendable (ListenSignal) -> Void) throws(StoreError) {
        let connection = self.connection
        connection.eventLoop.execute {
            guard !connection.isClosed else { return report(.ended) }
            connection.addListener(channel: channel) { _, notification in report(.notified(notification.payload)) }
            connection.closeFuture.whenComplete { _ in report(.ended) }
        }
        // Queued behind the driver's own LISTEN on the same connection: once it returns, both took effect.
        try query(PostgresQuery(unsafeSQL: "LISTEN \"\(channel)\""), "listening on \(channel)")
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
                                  database: url.database,
                                  tls: try tls(url, location: location))
        } else {
            configuration = .init(unixSocketPath: url.socketPath ?? "", username: url.user, password: password,
                                  database: url.database)
        }
        configuration.options.connectTimeout = .milliseconds(Int64(timeout * 1000))
        // A client paused inside a write transaction (SIGSTOP, a suspended laptop) would hold the store's write lock
        // for ever and stall every writer: the server ends a transaction idle for longer than a statement may take,
        // and the resumed client's next statement fails, so it writes nothing.
        configuration.options.additionalStartupParameters = [("idle_in_transaction_session_timeout", "\(Int(timeout * 1000))")]
        return configuration
    }

    /// TLS as libpq's `sslmode`: `prefer` and `require` encrypt without checking the certificate, `verify-ca` checks it
    /// against the trusted roots (the system's, or `sslrootcert`'s), `verify-full` also checks the host name. As in
    /// libpq, `require` with an `sslrootcert` checks the certificate as `verify-ca` does.
    private static func tls(_ url: PostgresURL, location: String) throws(StoreError) -> PostgresConnection.Configuration.TLS {
        let mode = url.sslMode, roots = url.sslRootCertificate
        var settings = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return .disable
        case .allow, .prefer: settings.certificateVerification = .none
        case .require: settings.certificateVerification = roots == nil ? .none : .noHostnameVerification
        case .verifyCA: settings.certificateVerification = .noHostnameVerification
        case .verifyFull: settings.certificateVerification = .fullVerification
        }
        if let roots {
            guard FileManager.default.isReadableFile(atPath: roots) else {
                throw StoreError.io(path: location, detail: "sslrootcert \(roots) cannot be read")
            }
            settings.trustRoots = .file(roots)
        }
        if let client = url.sslClientCertificate {
            do {
                settings.certificateChain = try NIOSSLCertificate.fromPEMFile(client.certificate).map { .certificate($0) }
                settings.privateKey = .privateKey(try NIOSSLPrivateKey(file: client.key, format: .pem))
            } catch {
                throw StoreError.io(path: location, detail: "client certificate \(client.certificate) or key \(client.key) cannot be read: \(error)")
            }
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

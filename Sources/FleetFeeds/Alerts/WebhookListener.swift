#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A tiny HTTP/1.1 endpoint on loopback for Alertmanager's `webhook_config`: every `POST` body (any path, with a
/// `Content-Length`) is handed to `handler`, then answered `200 OK` when the handler used it, `400 Bad Request` (so the
/// sender retries) when it did not, and the connection closed.
///
/// One background thread accepts; each connection is served on a thread of its own (at most 256 at once, more are
/// answered 503), and each request must arrive within `timeout` seconds, so a slow client delays no other. Only loopback addresses are accepted: the endpoint has no
/// authentication, so it must not be reachable from other machines (put a proxy in front for that).
public final class WebhookListener: Sendable {
    /// The address to bind: `127.0.0.1`, `::1` or `localhost`.
    public let host: String
    /// The port asked for; 0 picks a free one (see `start()`'s result).
    public let requestedPort: UInt16
    /// Largest body accepted; larger ones get `413`.
    public let maxBodyBytes: Int
    /// Seconds a client has to send its whole request.
    public let timeout: Double
    private let handler: @Sendable (Data) -> Bool
    private let running = Mutex<Running?>(nil)

    /// What a started listener holds until `stop()`.
    private struct Running {
        var listenFD: Int32
        /// The serving thread polls this pipe's read end; a byte written to it asks the thread to end.
        var wakeRead: Int32
        var wakeWrite: Int32
        var thread: pthread_t
        var port: UInt16
    }

    /// A listener (not yet started). `handler` runs on the listener's thread, returns whether it accepted the body, should return quickly (hand the body
    /// to another thread) and must not call `stop()`.
    public init(host: String = "127.0.0.1", port: UInt16 = 0, maxBodyBytes: Int = AlertmanagerWebhook.maxBytes,
                timeout: Double = 5, handler: @escaping @Sendable (Data) -> Bool) {
        self.host = host
        requestedPort = port
        self.maxBodyBytes = maxBodyBytes
        self.timeout = timeout
        self.handler = handler
    }

    deinit { stop() }

    /// The port listened on, while started.
    public var port: UInt16? { running.withLock { $0?.port } }

    /// Binds, listens and starts the serving thread; returns the bound port. Calling it again while started returns
    /// the same port.
    @discardableResult
    public func start() throws(WebhookListenerError) -> UInt16 {
        let config = ServeConfig(maxBodyBytes: maxBodyBytes, timeout: timeout, handler: handler)
        let (host, requestedPort) = (host, requestedPort)
        return try running.withLock { (running: inout Running?) throws(WebhookListenerError) -> UInt16 in
            if let running { return running.port }
            let (fd, port) = try Self.listen(host: host, port: requestedPort)
            var pipeFDs: [Int32] = [0, 0]
            guard pipe(&pipeFDs) == 0 else {
                close(fd)
                throw WebhookListenerError("pipe: \(String(cString: strerror(errno)))")
            }
            let (wakeRead, wakeWrite) = (pipeFDs[0], pipeFDs[1])
            let body = ThreadBody { WebhookListener.serve(listenFD: fd, wake: wakeRead, config: config) }
            let context = Unmanaged.passRetained(body).toOpaque()
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { raw in
                guard let raw else { return nil }
                Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            }, context)
            guard created == 0 else {
                Unmanaged<ThreadBody>.fromOpaque(context).release()
                [fd, wakeRead, wakeWrite].forEach { _ = close($0) }
                throw WebhookListenerError("cannot start the listener thread: \(String(cString: strerror(created)))")
            }
            running = Running(listenFD: fd, wakeRead: wakeRead, wakeWrite: wakeWrite, thread: thread, port: port)
            return port
        }
    }

    /// Ends the serving thread (a request in progress is abandoned), waits for it, and closes the socket.
    public func stop() {
        guard let stopped = running.withLock({ (running: inout Running?) -> Running? in
            defer { running = nil }
            return running
        }) else { return }
        var byte: UInt8 = 1
        _ = write(stopped.wakeWrite, &byte, 1)
        pthread_join(stopped.thread, nil)
        // Closed only after the join, so the thread never sees a descriptor number reused by someone else.
        [stopped.listenFD, stopped.wakeRead, stopped.wakeWrite].forEach { _ = close($0) }
    }

    /// A listening TCP socket on loopback `host` and its port; other addresses are refused.
    private static func listen(host: String, port: UInt16) throws(WebhookListenerError) -> (Int32, UInt16) {
        let name = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        let isV4 = inet_pton(AF_INET, name, &v4.sin_addr) == 1
        let isV6 = !isV4 && inet_pton(AF_INET6, name, &v6.sin6_addr) == 1
        let loopback6 = withUnsafeBytes(of: v6.sin6_addr) { Array($0) } == Array(repeating: 0, count: 15) + [1]
        guard (isV4 && v4.sin_addr.s_addr == in_addr_t(INADDR_LOOPBACK).bigEndian) || (isV6 && loopback6) else {
            throw WebhookListenerError("refusing to listen on \(host): only 127.0.0.1, ::1 or localhost (the webhook has no authentication)")
        }
        let fd = socket(isV4 ? AF_INET : AF_INET6, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw WebhookListenerError("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        // Accept must not block if a client vanishes between poll and accept.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let bound: Int32
        if isV4 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            bound = withUnsafePointer(to: &v4) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        } else {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            bound = withUnsafePointer(to: &v6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        guard bound == 0, Glibc.listen(fd, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw WebhookListenerError("cannot listen on \(host) port \(port): \(reason)")
        }
        // With port 0 the kernel picked one; both address families keep the port at the same offset.
        var address = sockaddr_in6()
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: address.sin6_port))
    }
}

/// Why the listener could not start.
public struct WebhookListenerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The closure a pthread runs, boxed to pass through `pthread_create`'s context pointer.
private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

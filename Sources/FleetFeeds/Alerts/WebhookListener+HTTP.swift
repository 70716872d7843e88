#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// What the serving thread needs from its listener.
struct ServeConfig: Sendable {
    var maxBodyBytes: Int
    var timeout: Double
    var handler: @Sendable (Data) -> Bool
    /// Largest request line plus headers (Alertmanager sends a few hundred bytes).
    static let maxHeadBytes = 16 << 10
    /// Connections served at once; more are answered 503.
    static let maxConnections = 256
}

extension WebhookListener {
    /// The accepting loop: each connection is served on its own thread (at most `maxConnections` at once; past that
    /// a client is answered 503 at once), so a slow client never delays another. Ends on a wake, after every
    /// connection thread has ended (they watch the same wake pipe), so the caller may then close the descriptors.
    static func serve(listenFD: Int32, wake: Int32, config: ServeConfig) {
        let active = ActiveConnections()
        defer { active.waitUntilNone() }
        while true {
            var fds = [pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { return }
            if fds[1].revents != 0 { return }
            guard fds[0].revents != 0 else { continue }
            let fd = accept(listenFD, nil, nil)
            guard fd >= 0 else {
                // Out of descriptors or similar: back off a little rather than spin on a readable socket.
                if errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR { usleep(10_000) }
                continue
            }
            guard active.enter(limit: ServeConfig.maxConnections) else {
                var busy = HTTPConnection(fd: fd, wake: wake, timeout: 0.1)
                busy.refuse(503, "Service Unavailable")
                close(fd)
                continue
            }
            let thread = Thread {
                var connection = HTTPConnection(fd: fd, wake: wake, timeout: config.timeout)
                connection.serve(config)
                close(fd)
                active.leave()
            }
            thread.name = "fleetdeck-webhook-connection"
            thread.stackSize = 256 << 10
            thread.start()
        }
    }
}

/// How many connections are being served, and a wait for none.
private final class ActiveConnections: Sendable {
    private let count = Mutex(0)

    /// Counts one more connection unless `limit` are being served.
    func enter(limit: Int) -> Bool {
        count.withLock { n in
            guard n < limit else { return false }
            n += 1
            return true
        }
    }

    func leave() { count.withLock { $0 -= 1 } }

    /// Returns once every connection has ended (they end within their deadline, or at once on a wake).
    func waitUntilNone() {
        while count.withLock({ $0 }) > 0 { usleep(2_000) }
    }
}

/// One client connection: reads a request within the deadline and answers it.
private struct HTTPConnection {
    let fd: Int32
    let wake: Int32
    let deadline: ContinuousClock.Instant
    private var buffer: [UInt8] = []

    init(fd: Int32, wake: Int32, timeout: Double) {
        self.fd = fd
        self.wake = wake
        deadline = .now + .seconds(timeout)
        // Backstops for the poll deadline below: no single read or write may hang either.
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    }

    /// Why reading stopped.
    private enum ReadEnd { case closed, timedOut, stopping }

    mutating func serve(_ config: ServeConfig) {
        var headEnd: Int?
        while headEnd == nil {
            guard buffer.count <= ServeConfig.maxHeadBytes else { return reject(431, "Request Header Fields Too Large") }
            if let end = receive() {
                if end == .timedOut { reject(408, "Request Timeout") }
                return
            }
            headEnd = Self.endOfHead(in: buffer)
        }
        guard let headEnd, let request = HTTPRequestHead(String(decoding: buffer[..<headEnd], as: UTF8.self)) else {
            return reject(400, "Bad Request")
        }
        guard request.method == "POST" else { return reject(405, "Method Not Allowed", extra: "Allow: POST\r\n") }
        // Chunked bodies are not supported: Alertmanager always sends a length.
        guard request.header("transfer-encoding") == nil else { return reject(411, "Length Required") }
        let lengths = Set(request.headers("content-length"))
        guard !lengths.isEmpty else { return reject(411, "Length Required") }
        guard lengths.count == 1, let text = lengths.first, !text.isEmpty, text.allSatisfy(\.isASCII),
              text.allSatisfy(\.isNumber), text.count < 19, let length = Int(text) else { return reject(400, "Bad Request") }
        guard length <= config.maxBodyBytes else { return reject(413, "Content Too Large") }
        let bodyStart = headEnd + 4
        if buffer.count - bodyStart < length, request.header("expect")?.lowercased() == "100-continue" {
            guard send("HTTP/1.1 100 Continue\r\n\r\n") else { return }
        }
        while buffer.count - bodyStart < length {
            if let end = receive() {
                if end == .timedOut { reject(408, "Request Timeout") }
                return
            }
        }
        if config.handler(Data(buffer[bodyStart..<bodyStart + length])) {
            respond(200, "OK")
        } else {
            reject(400, "Bad Request")
        }
    }

    /// Reads what has arrived into `buffer`; nil on success, else why not.
    private mutating func receive() -> ReadEnd? {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { return .timedOut }
        let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&fds, 2, Int32(clamping: milliseconds))
        if fds[1].revents != 0 { return .stopping }
        if ready < 0 { return errno == EINTR ? nil : .closed }
        if ready == 0 { return .timedOut }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { buffer.append(contentsOf: chunk[0..<n]); return nil }
        if n < 0, errno == EINTR { return nil }
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? .timedOut : .closed
    }

    /// Answers `status` without reading the request (the server is full).
    mutating func refuse(_ status: Int, _ reason: String) { respond(status, reason) }

    /// Answers an error and lingers briefly, so the client reads the answer instead of a reset for unread bytes.
    private mutating func reject(_ status: Int, _ reason: String, extra: String = "") {
        guard respond(status, reason, extra: extra) else { return }
        shutdown(fd, Int32(SHUT_WR))
        let drainUntil = min(deadline, .now + .seconds(1))
        while ContinuousClock.now < drainUntil, buffer.count < 1 << 20, receive() == nil {}
    }

    @discardableResult
    private func respond(_ status: Int, _ reason: String, extra: String = "") -> Bool {
        let body = status == 200 ? "" : "\(status) \(reason)\n"
        return send("HTTP/1.1 \(status) \(reason)\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\(extra)\r\n\(body)")
    }

    /// Sends all of `text`; false when the client is gone or stopped reading.
    private func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    /// The offset of the blank line (`\r\n\r\n`) that ends the head, if it has arrived.
    private static func endOfHead(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }
}

/// The request line and headers of an HTTP/1.x request.
/// A request line and its headers (package-visible for the fuzz target).
package struct HTTPRequestHead {
    package var method: String
    /// Header names lowercased, in order (a name may repeat).
    private var fields: [(name: String, value: String)] = []

    /// Parses `text` (without the final blank line); nil when it is not an HTTP/1.x request head.
    package init?(_ text: String) {
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        let words = lines.first?.split(separator: " ", omittingEmptySubsequences: false) ?? []
        guard words.count == 3, !words[0].isEmpty, !words[1].isEmpty, words[2].hasPrefix("HTTP/1.") else { return nil }
        method = String(words[0])
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return nil }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields.append((line[..<colon].lowercased(), value))
        }
    }

    /// Every value of header `name` (lowercase).
    package func headers(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// The first value of header `name` (lowercase).
    package func header(_ name: String) -> String? { fields.first { $0.name == name }?.value }
}

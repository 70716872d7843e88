#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A blocking TCP client for driving the webhook listener with exact bytes, including malformed requests.
struct RawHTTPClient {
    let fd: Int32

    /// Connects to `127.0.0.1:port`; nil when refused.
    init?(port: UInt16, timeout: Double = 5) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = in_addr_t(INADDR_LOOPBACK).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { Glibc.close(fd); return nil }
    }

    func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return }
            sent += n
        }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Everything until the server closes (or the read timeout), as text.
    func readAll() -> String {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            out += chunk[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// What has arrived within the read timeout, up to one buffer.
    func readSome() -> String {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? String(decoding: chunk[0..<n], as: UTF8.self) : ""
    }

    func close() { _ = Glibc.close(fd) }

    /// The status code of a response's first line, or nil.
    static func status(_ response: String) -> Int? {
        let words = response.prefix { $0 != "\r" }.split(separator: " ")
        return words.count >= 2 ? Int(words[1]) : nil
    }

    /// Sends `request` on a fresh connection and returns the status code of the answer.
    static func exchange(port: UInt16, _ request: [UInt8]) -> (status: Int?, response: String) {
        guard let client = RawHTTPClient(port: port) else { return (nil, "") }
        defer { client.close() }
        client.send(request)
        let response = client.readAll()
        return (status(response), response)
    }

    /// A POST of `body` with its length.
    static func post(_ body: [UInt8], path: String = "/alerts", extraHeaders: String = "") -> [UInt8] {
        Array("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\(extraHeaders)\r\n".utf8) + body
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A blocking HTTP/1.1 GET over a unix socket (slurmrestd's local-auth listener); URLSession cannot dial these.
enum UnixSocketHTTP {
    /// The status and body of `GET path`, or why there is none.
    static func get(socket path: String, target: String, headers: [String: String] = [:], timeout: Double,
                    maxBytes: Int) -> Result<(status: Int, body: Data), CommandFailure> {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(CommandFailure("socket: \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        var seconds = timeval(tv_sec: Int(timeout), tv_usec: .init((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else { return .failure(CommandFailure("socket path too long: \(path)")) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.utf8.enumerated() { raw[i] = b }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return .failure(CommandFailure("connect \(path): \(String(cString: strerror(errno)))")) }
        var request = "GET \(target) HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nConnection: close\r\n"
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) { request += "\(k): \(v)\r\n" }
        request += "\r\n"
        let sent = request.utf8CString.withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
        guard sent == request.utf8.count else { return .failure(CommandFailure("send to \(path) failed")) }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else {
                let reason = errno == EAGAIN || errno == EWOULDBLOCK ? "timed out after \(Int(timeout)) s" : String(cString: strerror(errno))
                return .failure(CommandFailure("read from \(path): \(reason)"))
            }
            response.append(contentsOf: buffer[0..<n])
            if response.count > maxBytes { return .failure(CommandFailure("response larger than \(maxBytes) bytes")) }
        }
        return parse(response)
    }

    /// Status line, headers and body (plain or chunked) of a complete response.
    static func parse(_ response: Data) -> Result<(status: Int, body: Data), CommandFailure> {
        guard let split = response.firstRange(of: Data("\r\n\r\n".utf8)) else {
            return .failure(CommandFailure("incomplete HTTP response (\(response.count) bytes)"))
        }
        let head = String(decoding: response[response.startIndex..<split.lowerBound], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusWords = lines.first?.split(separator: " ") ?? []
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else {
            return .failure(CommandFailure("bad HTTP status line: \(lines.first?.prefix(80) ?? "")"))
        }
        let chunked = lines.dropFirst().contains { $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked") }
        var body = Data(response[split.upperBound...])
        if chunked { return .success((status, dechunk(body))) }
        // slurmrestd 22.05 writes a stray "Connection: Close" line after the body: trust Content-Length.
        let lengthLine = lines.dropFirst().first { $0.lowercased().hasPrefix("content-length:") }
        if let value = lengthLine?.split(separator: ":").last,
           let length = Int(value.trimmingCharacters(in: .whitespaces)), length <= body.count {
            body = body.prefix(length)
        }
        return .success((status, body))
    }

    private static func dechunk(_ body: Data) -> Data {
        var out = Data()
        var at = body.startIndex
        while let lineEnd = body[at...].firstRange(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: body[at..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            let end = min(body.endIndex, start + size)
            out.append(body[start..<end])
            at = min(body.endIndex, end + 2)
        }
        return out
    }
}

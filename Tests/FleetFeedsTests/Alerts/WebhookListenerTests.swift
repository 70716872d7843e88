import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing
@testable import FleetFeeds

/// The loopback webhook listener, driven over real sockets with exact bytes.
@Suite("Webhook listener")
struct WebhookListenerTests {
    /// Bodies the handler received, in order.
    final class Received: Sendable {
        private let bodies = Mutex<[Data]>([])
        func add(_ body: Data) { bodies.withLock { $0.append(body) } }
        var all: [Data] { bodies.withLock { $0 } }
    }

    /// A started listener on an ephemeral port and what its handler received.
    func started(maxBodyBytes: Int = AlertmanagerWebhook.maxBytes, timeout: Double = 5) throws -> (WebhookListener, UInt16, Received) {
        let received = Received()
        let listener = WebhookListener(port: 0, maxBodyBytes: maxBodyBytes, timeout: timeout) { received.add($0); return true }
        let port = try listener.start()
        #expect(port != 0)
        return (listener, port, received)
    }

    /// A real Alertmanager payload when the shared data is present, else a small one of the same shape.
    static var payload: [UInt8] {
        if let url = SharedData.url("alerts/prom_post_request.json"), let data = try? Data(contentsOf: url) { return Array(data) }
        return Array(#"{"version":"4","status":"firing","alerts":[{"labels":{"alertname":"A"},"startsAt":"2024-01-02T03:04:05Z"}]}"#.utf8)
    }

    @Test("a POST gets 200 after the handler got exactly its body, which parses")
    func post() throws {
        let (listener, port, received) = try started()
        defer { listener.stop() }
        let (status, response) = RawHTTPClient.exchange(port: port, RawHTTPClient.post(Self.payload))
        #expect(status == 200)
        #expect(response.contains("Connection: close"))
        #expect(received.all == [Data(Self.payload)])
        let parsed = AlertmanagerWebhook.parse(received.all[0], receivedAt: 0)
        #expect(parsed.errors == [] && parsed.alerts.count == 1)
        #expect(listener.port == port)
        #expect(try listener.start() == port)  // already started: same port
    }

    @Test("a body the handler cannot use is answered 400, so that Alertmanager retries it")
    func unusableBody() throws {
        let listener = WebhookListener(port: 0) { AlertmanagerWebhook.parse($0, receivedAt: 0).isAccepted }
        let port = try listener.start()
        defer { listener.stop() }
        for body in ["", "{\"version\":\"4\",\"alerts\":[", "garbage", #"{"version":"4","alerts":[{"labels":{}}]}"#] {
            #expect(RawHTTPClient.exchange(port: port, RawHTTPClient.post(Array(body.utf8))).0 == 400, "\(body)")
        }
        #expect(RawHTTPClient.exchange(port: port, RawHTTPClient.post(Self.payload)).0 == 200)
    }

    @Test("100 slow clients holding connections open do not delay a good POST by more than 100 ms")
    func slowClients() throws {
        let (listener, port, received) = try started(timeout: 5)
        defer { listener.stop() }
        let baselineStart = ContinuousClock.now
        #expect(RawHTTPClient.exchange(port: port, RawHTTPClient.post(Self.payload)).status == 200)
        let baseline = ContinuousClock.now - baselineStart
        var slow: [RawHTTPClient] = []
        defer { slow.forEach { $0.close() } }
        for _ in 0..<100 {
            let client = try #require(RawHTTPClient(port: port))
            client.send("P")  // one byte of a request that never completes
            slow.append(client)
        }
        Thread.sleep(forTimeInterval: 0.2)
        let start = ContinuousClock.now
        #expect(RawHTTPClient.exchange(port: port, RawHTTPClient.post(Self.payload)).status == 200)
        let took = ContinuousClock.now - start
        #expect(took < baseline + .milliseconds(100), "\(took) with 100 slow clients, \(baseline) without")
        #expect(received.all.count == 2)
    }

    @Test("URLSession (libcurl on Linux), as a real HTTP client, gets 200 and the handler the exact bytes")
    func urlSession() async throws {
        let (listener, port, received) = try started()
        defer { listener.stop() }
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/api/v1/alerts")), timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (_, response) = try await session.upload(for: request, from: Data(Self.payload))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(received.all == [Data(Self.payload)])
    }

    @Test("a body arriving in pieces, and Expect: 100-continue, are both served")
    func pieces() throws {
        let (listener, port, received) = try started()
        defer { listener.stop() }
        let body = Self.payload
        let client = try #require(RawHTTPClient(port: port))
        defer { client.close() }
        client.send("POST /x HTTP/1.1\r\nhost: a\r\ncontent-length: \(body.count)\r\nexpect: 100-continue\r\n\r\n")
        #expect(client.readSome().hasPrefix("HTTP/1.1 100 Continue\r\n\r\n"))
        client.send(Array(body[..<10]))
        Thread.sleep(forTimeInterval: 0.05)
        client.send(Array(body[10...]))
        #expect(RawHTTPClient.status(client.readAll()) == 200)
        #expect(received.all == [Data(body)])
    }

    @Test("GET is 405, chunked or no length is 411, too large is 413, garbage is 400; the handler is not called")
    func refusals() throws {
        let (listener, port, received) = try started(maxBodyBytes: 1000)
        defer { listener.stop() }
        let get = RawHTTPClient.exchange(port: port, Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(get.status == 405)
        #expect(get.response.contains("Allow: POST"))
        let chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        #expect(RawHTTPClient.exchange(port: port, Array(chunked.utf8)).status == 411)
        #expect(RawHTTPClient.exchange(port: port, Array("POST / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)).status == 411)
        // Too large by its header, with the body sent anyway: the answer still arrives.
        #expect(RawHTTPClient.exchange(port: port, RawHTTPClient.post([UInt8](repeating: 0x20, count: 5000))).status == 413)
        #expect(RawHTTPClient.exchange(port: port, Array("POST / HTTP/1.1\r\nContent-Length: 4194305\r\n\r\n".utf8)).status == 413)
        #expect(RawHTTPClient.exchange(port: port, Array("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n".utf8)).status == 400)
        #expect(RawHTTPClient.exchange(port: port, Array("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n".utf8)).status == 400)
        #expect(RawHTTPClient.exchange(port: port, Array("hello\r\n\r\n".utf8)).status == 400)
        #expect(RawHTTPClient.exchange(port: port, Array("POST / HTTP/1.1\r\nno colon\r\n\r\n".utf8)).status == 400)
        let longHead = "POST / HTTP/1.1\r\nX: " + String(repeating: "a", count: 40_000)
        #expect(RawHTTPClient.exchange(port: port, Array(longHead.utf8)).status == 431)
        #expect(received.all.isEmpty)
        // Still serving after all that.
        #expect(RawHTTPClient.exchange(port: port, RawHTTPClient.post(Array("{}".utf8))).status == 200)
        #expect(received.all == [Data("{}".utf8)])
    }

    @Test("a stuck client times out (408) and does not block the next one")
    func stuckClient() throws {
        let (listener, port, received) = try started(timeout: 0.3)
        defer { listener.stop() }
        let stuck = try #require(RawHTTPClient(port: port))
        defer { stuck.close() }
        stuck.send("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\nonly part")
        let started = ContinuousClock.now
        #expect(RawHTTPClient.exchange(port: port, RawHTTPClient.post(Array("{}".utf8))).status == 200)
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(RawHTTPClient.status(stuck.readAll()) == 408)
        #expect(received.all == [Data("{}".utf8)])
    }

    @Test("stop() returns promptly even with a client mid-request, and the port is closed after")
    func stop() throws {
        let (listener, port, _) = try started(timeout: 30)
        let stuck = try #require(RawHTTPClient(port: port))
        defer { stuck.close() }
        stuck.send("POST / HTTP/1.1\r\n")
        Thread.sleep(forTimeInterval: 0.1)  // let the listener take the connection
        let started = ContinuousClock.now
        listener.stop()
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(listener.port == nil)
        #expect(RawHTTPClient(port: port) == nil)
        listener.stop()  // a second stop is harmless
    }

    @Test("only loopback addresses are accepted", arguments: ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.com", ""])
    func loopbackOnly(host: String) {
        let listener = WebhookListener(host: host, port: 0) { _ in true }
        #expect(throws: WebhookListenerError.self) { try listener.start() }
        #expect(listener.port == nil)
    }

    @Test("::1 and localhost are loopback")
    func loopbackNames() throws {
        let local = WebhookListener(host: "localhost", port: 0) { _ in true }
        defer { local.stop() }
        #expect(try local.start() > 0)
        // A machine without IPv6 cannot bind ::1, but must not call it a non-loopback address.
        let v6 = WebhookListener(host: "::1", port: 0) { _ in true }
        defer { v6.stop() }
        do { _ = try v6.start() } catch { #expect(!error.message.contains("refusing")) }
    }
}

import Foundation
import FleetCore
import Testing
@testable import FleetFeeds

@Suite("Alertmanager payload files")
struct AlertmanagerSourceTests {
    static let payload = #"{"version":"4","status":"firing","receiver":"r","alerts":[{"labels":{"alertname":"A"},"startsAt":"2024-01-02T03:04:05Z"}]}"#

    /// A fresh temporary file path, removed by the caller.
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("fleetdeck-alerts-\(UUID().uuidString).json").path
    }

    @Test("a file is read on every poll (an unchanged file is not stale); its alerts count as new only when it changed")
    func polling() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Self.payload.utf8).write(to: URL(fileURLWithPath: path))
        let modified = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)

        var source = AlertmanagerSource(path: path)
        let first = source.poll()
        let payload = try first.result.get()
        #expect(first.changed && payload.isAccepted && payload.errors == [])
        #expect(payload.alerts.map(\.name) == ["A"])
        #expect(payload.alerts.first?.receivedAt == 1_700_000_000)
        let again = source.poll()
        #expect(!again.changed)
        #expect(try again.result.get().isAccepted)

        try Data(Self.payload.replacingOccurrences(of: #""A""#, with: #""B""#).utf8).write(to: URL(fileURLWithPath: path))
        let second = source.poll()
        #expect(second.changed)
        #expect(try second.result.get().alerts.map(\.name) == ["B"])
        #expect(!source.poll().changed)
    }

    @Test("feed status: an accepted payload is ok and clears nothing; an empty, garbage, truncated or all-bad one is FAILING with the reason")
    func status() throws {
        func events(_ text: String) -> [FleetEvent] {
            AlertmanagerPayload.events(.success(AlertmanagerWebhook.parse(Data(text.utf8), receivedAt: 5)), new: true, feed: "am",
                                       at: 10, intervalSeconds: 2)
        }
        func status(_ events: [FleetEvent]) -> FeedStatus? {
            events.compactMap { if case .feedStatus(let s) = $0 { s } else { nil } }.last
        }
        for bad in ["", "  \n", "garbage", String(Self.payload.dropLast(5)), #"{"version":"4","alerts":[{"labels":{}}]}"#] {
            let s = try #require(status(events(bad)))
            #expect(!s.ok && s.error != nil, "\(bad)")
            #expect(events(bad).count == 1)
        }
        #expect(status(events(""))?.error == "payload: empty")
        let v1 = events(Self.payload.replacingOccurrences(of: #""version":"4""#, with: #""version":"1""#))
        #expect(status(v1)?.ok == true && status(v1)?.problems == 1)
        #expect(status(v1)?.firstProblem == #"version: "1" is not "4"; read as version "4""#)
        #expect(v1.count == 2)  // the alerts, then the status

        var state = FleetState()
        state.apply(events("garbage"))
        #expect(state.feeds.first?.lastError != nil)
        state.apply(events(Self.payload))
        #expect(state.feeds.first?.lastError == nil && state.feeds.first?.lastGoodAt == 10)
    }

    @Test("a missing, unreadable or oversized file is a failure naming it; a bad payload is a success with errors")
    func failures() throws {
        let missing = Self.temporaryPath()
        guard case .failure(let error) = AlertmanagerSource.readFile(path: missing) else {
            Issue.record("a missing file was read")
            return
        }
        #expect(error.message.contains(missing))
        #expect(throws: AlertSourceError.self) { try AlertmanagerSource.readFile(path: NSTemporaryDirectory()).get() }

        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x20, count: AlertmanagerWebhook.maxBytes + 10).write(to: URL(fileURLWithPath: path))
        #expect(throws: AlertSourceError.self) { try AlertmanagerSource.readFile(path: path).get() }

        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        let bad = try AlertmanagerSource.readFile(path: path).get()
        #expect(bad.alerts.isEmpty && bad.errors.count == 1 && !bad.isAccepted)

        let fifo = Self.temporaryPath()
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        #expect(throws: AlertSourceError("cannot read \(fifo): not a regular file")) { try AlertmanagerSource.readFile(path: fifo).get() }
    }
}

import Foundation
import Testing
@testable import FleetFeeds

@Suite("Alertmanager payload files")
struct AlertmanagerSourceTests {
    static let payload = #"{"version":"4","status":"firing","receiver":"r","alerts":[{"labels":{"alertname":"A"},"startsAt":"2024-01-02T03:04:05Z"}]}"#

    /// A fresh temporary file path, removed by the caller.
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("fleetdeck-alerts-\(UUID().uuidString).json").path
    }

    @Test("a file is read with its modification time as receivedAt, and read again only when it changes")
    func polling() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Self.payload.utf8).write(to: URL(fileURLWithPath: path))
        let modified = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)

        var source = AlertmanagerSource(path: path)
        let first = try #require(try source.poll()?.get())
        #expect(first.errors == [])
        #expect(first.alerts.map(\.name) == ["A"])
        #expect(first.alerts.first?.receivedAt == 1_700_000_000)
        #expect(source.poll() == nil)

        try Data(Self.payload.replacingOccurrences(of: #""A""#, with: #""B""#).utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: modified.addingTimeInterval(60)], ofItemAtPath: path)
        #expect(try source.poll()?.get().alerts.map(\.name) == ["B"])
        #expect(source.poll() == nil)
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
        #expect(bad.alerts.isEmpty && bad.errors.count == 1)
    }
}

import Foundation
import FleetStore

/// A sample domain event: the store must round-trip any Codable payload, enums with payloads included.
enum SampleEvent: Codable, Equatable, Sendable {
    case gpuUtil(uuid: String, percent: Double)
    case jobSubmitted(id: Int, team: String)
    case feedStale(name: String)
}

/// A sample folded state for snapshots.
struct SampleState: Codable, Equatable, Sendable {
    var eventsSeen: Int
    var teams: [String]
}

/// A fresh directory under the system temporary folder, removed by `remove()`.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fleetstore-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside this directory.
    func path(_ name: String = "fleet.sqlite") -> String {
        url.appendingPathComponent(name).path
    }

    /// The directory's entries, sorted, to check that nothing was created beside a file.
    func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// The `StoreError` that `body` throws, or nil if it throws nothing (or something else).
func storeError(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        return nil
    }
}

/// Some events of each kind.
func sampleEvents(_ count: Int) -> [SampleEvent] {
    (0..<count).map { index in
        switch index % 3 {
        case 0: .gpuUtil(uuid: "GPU-\(index)", percent: Double(index % 100))
        case 1: .jobSubmitted(id: index, team: "team-\(index % 7)")
        default: .feedStale(name: "dcgm")
        }
    }
}

/// Random bytes, as a file that is certainly not an SQLite database.
func randomBytes(_ count: Int) -> Data {
    var generator = SystemRandomNumberGenerator()
    return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
}

import FleetCore
import FleetFeeds
import Foundation
import GRDB
import Testing
@testable import FleetStore

/// The fleet state through the binary snapshot format, and the migration of old stores' JSON snapshots.
@Suite struct FleetStateSnapshotTests {
    /// A simulated fleet after `minutes` of fleet time, with a request, an XID and a finished job or two.
    static func simulated(seed: UInt64, gpus: Int, teams: Int, minutes: Int) -> FleetState {
        let simulator = FleetSimulator(config: SimulatorConfig(seed: seed, gpuCount: gpus, teamCount: teams))
        var state = FleetState()
        state.apply(simulator.genesis())
        simulator.run(&state, until: simulator.config.epoch + Double(minutes) * 60)
        state.apply(.xid(gpu: 0, code: 79, at: state.now))
        return state
    }

    /// The state as JSON with sorted keys: equal JSON means equal states (NaN spelled as a string). The cost ledger,
    /// a dictionary with struct keys, is JSON in its dictionary's iteration order, so it is left out and compared
    /// with `==` (it is `Hashable`).
    static func canonicalJSON(_ state: FleetState) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        var object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(state)) as? [String: Any])
        // Dictionaries with struct keys encode as arrays in hash order: compared with == instead.
        object["costLedger"] = nil
        object["runningCosts"] = nil
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test("simulated states round-trip: state → bytes → state is the same state",
          arguments: [(UInt64(1), 8, 1, 0), (2, 64, 3, 30), (3, 512, 9, 90), (4, 2048, 40, 65), (5, 1000, 12, 200)])
    func roundTrip(seed: UInt64, gpus: Int, teams: Int, minutes: Int) throws {
        let state = Self.simulated(seed: seed, gpus: gpus, teams: teams, minutes: minutes)
        let back = try BinarySnapshot.decode(FleetState.self, from: BinarySnapshot.encode(state))
        #expect(back.gpus.count == state.gpus.count && back.version == state.version && back.now == state.now)
        #expect(back.history.utilization(gpu: gpus - 1) == state.history.utilization(gpu: gpus - 1))
        #expect(back.costLedger == state.costLedger)
        #expect(back.runningCosts == state.runningCosts)
        #expect(try Self.canonicalJSON(back) == Self.canonicalJSON(state))
    }

    @Test("a decoded state goes on exactly like the original: the same next events give the same state")
    func decodedStateContinues() throws {
        let simulator = FleetSimulator(config: SimulatorConfig(seed: 9, gpuCount: 256, teamCount: 5))
        var original = Self.simulated(seed: 9, gpus: 256, teams: 5, minutes: 20)
        var decoded = try BinarySnapshot.decode(FleetState.self, from: BinarySnapshot.encode(original))
        for _ in 0..<10 {
            let events = simulator.step(&original)
            decoded.apply(events)
        }
        #expect(decoded.costLedger == original.costLedger)
        #expect(decoded.runningCosts == original.runningCosts)
        #expect(try Self.canonicalJSON(decoded) == Self.canonicalJSON(original))
    }

    @Test("the binary snapshot of a fleet is a fraction of its JSON")
    func smallerThanJSON() throws {
        let state = Self.simulated(seed: 3, gpus: 1024, teams: 9, minutes: 60)
        let binary = try BinarySnapshot.encode(state).count
        let json = try StoreCoding.encoder().encode(state).count
        #expect(binary * 4 < json, "binary \(binary) bytes, JSON \(json) bytes")
    }

    @Test("a store's JSON snapshots are rewritten as binary ones and the format moves on, once")
    func migratesJSONSnapshots() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        let older = Self.simulated(seed: 6, gpus: 128, teams: 4, minutes: 10)
        let newer = Self.simulated(seed: 6, gpus: 128, teams: 4, minutes: 15)
        try store.setMeta("state_format", "2")
        let queue = try DatabaseQueue(path: dir.path())
        try queue.write { db in
            for (eventID, state) in [(Int64(0), older), (1, newer)] {
                try db.execute(sql: "INSERT INTO snapshots (event_id, taken_at, payload) VALUES (?, 0, ?)",
                               arguments: [eventID, try StoreCoding.encoder().encode(state)])
            }
        }
        #expect(throws: StoreError.self) { _ = try store.latestSnapshot(as: FleetState.self) }
        let rewritten = try store.migrateJSONSnapshots(as: FleetState.self, metaKey: "state_format", from: "2", to: "3")
        #expect(rewritten == 2)
        #expect(try store.meta("state_format") == "3")
        let latest = try #require(try store.latestSnapshot(as: FleetState.self))
        #expect(latest.eventID == 1)
        #expect(latest.state.costLedger == newer.costLedger)
        #expect(latest.state.runningCosts == newer.runningCosts)
        #expect(try Self.canonicalJSON(latest.state) == Self.canonicalJSON(newer))
        let again = try store.migrateJSONSnapshots(as: FleetState.self, metaKey: "state_format", from: "2", to: "3")
        #expect(again == 0, "a migrated store is left alone")
    }

    @Test("a JSON snapshot that does not decode stops the migration with its event id, leaving the store as it was")
    func brokenJSONSnapshot() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try EventStore(path: dir.path())
        try store.setMeta("state_format", "2")
        try DatabaseQueue(path: dir.path()).write { db in
            try db.execute(sql: "INSERT INTO snapshots (event_id, taken_at, payload) VALUES (7, 0, ?)", arguments: [Data("{}".utf8)])
        }
        let error = storeError { try store.migrateJSONSnapshots(as: FleetState.self, metaKey: "state_format", from: "2", to: "3") }
        guard case let .decode(_, eventID, _)? = error else {
            Issue.record("expected .decode, got \(String(describing: error))")
            return
        }
        #expect(eventID == 7)
        #expect(try store.meta("state_format") == "2")
    }
}

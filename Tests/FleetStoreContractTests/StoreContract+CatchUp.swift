import FleetCore
import FleetFeeds
import FleetStore
import Foundation
import Testing

extension StoreContract {
    /// A follower's catch-up (the newest snapshot, then the events after it in pages) ends in the state that a replay of
    /// every event from scratch builds: simulator telemetry, filed and denied requests, and a filing a month later that
    /// prunes the denied ones (which the follower, starting from a decoded snapshot, must prune the same). Events are
    /// stored binary.
    static func catchUpEqualsReplay(_ backend: some ContractBackend) throws {
        let writer = try backend.open(), follower = try backend.open()
        let simulator = FleetSimulator(config: SimulatorConfig(seed: 11, gpuCount: 64, teamCount: 4))
        var state = FleetState()
        var all = simulator.genesis()
        state.apply(all)
        try writer.saveSnapshot(state, upToEventID: 0, fence: nil)
        let team = state.org.teams[0].name
        func append(_ events: [FleetEvent]) throws {
            _ = try writer.append(events, fence: nil)
            all += events
        }
        func file(_ count: Int, at now: Double) throws -> [String] {
            var events: [FleetEvent] = [], ids: [String] = []
            for i in 0..<count {
                let draft = RequestDraft(kind: .quota, team: team, gpus: 1 + i % 4, hours: 2, justification: "catch-up \(i)")
                let outcome = try Governance.file(draft, by: SimulatedOrg.requester(of: team), in: state, now: now).get()
                state.apply(.governance(outcome.event))
                events.append(.governance(outcome.event))
                ids += outcome.request.map { [$0.id] } ?? []
            }
            try append(events)
            return ids
        }
        for _ in 0..<20 { try append(simulator.step(&state)) }
        let t0 = state.now
        let filed = try file(30, at: t0)
        for id in filed.prefix(10) {
            let outcome = try Governance.act(.deny, on: id, by: "contract-approver", reason: "no", in: state, now: t0).get()
            state.apply(.governance(outcome.event))
            try append([.governance(outcome.event)])
        }
        // The follower starts from here: a snapshot with closed requests in it.
        try writer.saveSnapshot(state, upToEventID: try writer.lastEventID(), fence: nil)
        for _ in 0..<20 { try append(simulator.step(&state)) }
        _ = try file(5, at: t0 + 31 * 86_400)

        var replayed = FleetState()
        replayed.apply(all)
        let snapshot = try #require(try follower.latestSnapshot(as: FleetState.self))
        var followed = snapshot.state, cursor = snapshot.eventID
        while true {
            let page = try follower.events(after: cursor, limit: 7, as: FleetEvent.self)
            guard let last = page.last else { break }
            followed.apply(page.map(\.event))
            cursor = last.id
        }
        #expect(followed.governance?.requests.count == 25)
        #expect(followed.version == replayed.version && followed.version == state.version)
        #expect(try canonical(followed) == canonical(replayed))
        #expect(try canonical(followed) == canonical(state))
        #expect(followed.costLedger == replayed.costLedger)
        #expect(followed.runningCosts == replayed.runningCosts)
        let payloads = try follower.eventPayloads(after: 0, limit: 10_000)
        #expect(payloads.count == all.count - simulator.genesis().count)
        #expect(payloads.allSatisfy { BinaryEvent.isBinary($0.payload) })
    }

    /// The state as JSON with sorted keys, to compare two states field by field; the cost ledger and the running cost
    /// sums (dictionaries with struct keys, JSON in their iteration order) are left out and compared with `==`.
    private static func canonical(_ state: FleetState) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        var object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(state)) as? [String: Any])
        object["costLedger"] = nil
        object["runningCosts"] = nil
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}

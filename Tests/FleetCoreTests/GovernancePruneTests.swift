import Foundation
import Testing
@testable import FleetCore

@Suite("Governance: closed requests are dropped a month after they closed, the same in a state decoded from a snapshot")
struct GovernancePruneTests {
    @Test("the first filing more than 30 days after a request closed drops it; open ones and younger ones stay")
    func closedRequestsArePrunedAMonthOn() throws {
        var live = GovernanceTests.state()
        let draft = RequestDraft(kind: .quota, team: "nlp", gpus: 4, hours: 2, justification: "x")
        let denied = try GovernanceTests.file(&live, draft, by: "alice", at: Fixture.t0)
        let open = try GovernanceTests.file(&live, draft, by: "alice", at: Fixture.t0)
        _ = try GovernanceTests.act(&live, .deny, denied.id, by: "bob", at: Fixture.t0 + 60).get()
        let closed = try #require(live.governance?.request(denied.id))
        let month = max(closed.windowEnd, closed.decidedAt ?? 0) + 30 * 86_400
        // A state decoded from a snapshot does not know when its next prune is due: it must drop the same requests.
        var decoded = try Self.roundTrip(live)
        func fileAroundTheMonth(_ s: inout FleetState) throws {
            let before = try GovernanceTests.file(&s, draft, by: "alice", at: month - 1)
            #expect(s.governance?.requests.map(\.id) == [denied.id, open.id, before.id], "not yet a month")
            let after = try GovernanceTests.file(&s, draft, by: "alice", at: month + 1)
            #expect(s.governance?.requests.map(\.id) == [open.id, before.id, after.id])
            #expect(s.governance?.request(denied.id) == nil && s.governance?.request(open.id)?.status == .pending)
        }
        try fileAroundTheMonth(&live)
        try fileAroundTheMonth(&decoded)
        #expect(try Self.roundTrip(live).governance == decoded.governance)
    }

    private static func roundTrip(_ state: FleetState) throws -> FleetState {
        let encoder = JSONEncoder(), decoder = JSONDecoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return try decoder.decode(FleetState.self, from: encoder.encode(state))
    }
}

import FleetCore
import FleetFeeds
import FleetStore
import FleetWriter
import Foundation
import Testing

extension StoreContract {
    /// A review board's decision goes the way approvals go (decided on the newest state inside the write transaction,
    /// event and audit record committed together) and round-trips: another process reads it back from the events,
    /// from a snapshot that compacted them, from the hash-chained audit log, and from the review context a report reads.
    static func reviewDecisionRoundTrips(_ backend: some ContractBackend) throws {
        let store = try backend.open()
        let simulator = FleetSimulator(config: SimulatorConfig(seed: 4, gpuCount: 32, teamCount: 2))
        var state = FleetState()
        state.apply(simulator.genesis())
        _ = try store.append(simulator.genesis(), fence: nil)
        var last = try store.lastEventID()
        let member = SimulatedOrg.requester(of: state.org.teams[0].name)
        let period = ReviewPeriod(.quarter(year: 2026, quarter: 4))
        let draft = ReviewDecisionDraft(kind: .action, text: "add 64 GPUs\u{7}", owner: "capacity", due: "2027-01-15", period: period)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let recorded = try store.decide(state: &state, lastEventID: &last, as: FleetEvent.self, apply: { $0.apply($1) }) { s in
            let outcome = try Governance.recordDecision(draft, by: member, in: s, now: 1_794_000_000).get()
            return (StoreWrite(events: [FleetEvent.governance(outcome.event)], audit: [try encoder.encode(outcome.audit)]), outcome)
        }
        guard case .reviewDecision(let decision) = recorded.event else {
            Issue.record("not a decision: \(recorded.event)")
            return
        }
        #expect(decision.id == "D-1" && decision.text == "add 64 GPUs" && decision.recordedBy == member && decision.periodLabel == "2026-Q4")
        #expect(decision.due == UTCCalendar.days(year: 2027, month: 1, day: 15) * 86_400)
        #expect(state.governance?.reviewDecisions == [decision])

        let other = try backend.open()
        var replayed = FleetState()
        replayed.apply(try other.events(after: 0, limit: 10_000, as: FleetEvent.self).map(\.event))
        #expect(replayed.governance?.decisions(in: period) == [decision])
        try store.saveSnapshot(state, upToEventID: try store.lastEventID(), fence: nil)
        let restored = try #require(try other.latestSnapshot(as: FleetState.self))
        #expect(restored.state.governance?.reviewDecisions == [decision], "a compacted store keeps the decision in its snapshot")
        #expect(restored.state.governance?.nextDecisionNumber == 2)

        let audit = try other.auditEntries(after: 0, limit: 10)
        let record = try JSONDecoder().decode(AuditRecord.self, from: try #require(audit.last).body)
        #expect(record.action == "review.action" && record.subject == "D-1" && record.actor == member && record.reason == "add 64 GPUs")
        #expect(record.after == "review 2026-Q4: owner capacity due 2027-01-15")
        #expect(try other.verifyAudit().isIntact)

        try KPIHistoryStore.save(ReviewContext(state: state), in: store, fence: nil)
        #expect(try ReviewHistory.context(in: other)?.decisions == [decision], "report review reads it without loading the state")
    }
}

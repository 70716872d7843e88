import FleetCore
import FleetFeeds
import FleetPanes
import FleetStore
import Foundation

extension Session {
    /// Decides on the newest state and commits (event + audit record, fsynced) before returning; the session's state
    /// then includes the outcome, so this dashboard shows it at once.
    /// `decide` gets the person acting (see `GovernanceDesk.perform`); fleetdeck's own decisions name their actor.
    func perform(_ decide: (FleetState, _ person: String) -> Result<[GovernanceOutcome], GovernanceError>) throws -> Result<[GovernanceOutcome], GovernanceError> {
        let store = store
        return try update { state, last in try GovernanceDesk.perform(store: store, state: &state, lastEventID: &last, decide) }
    }

    /// Carries out a confirmed form of the dashboard as the person acting; returns the line to show.
    func perform(_ intent: GovernanceIntent, alerts: [AlertRow]) -> String {
        let now = Date().timeIntervalSince1970
        if let away = storeAway { return "not done: the store does not answer (\(away)); nothing was sent — try again once it is back" }
        if let minute = warmUpMinutesDone {
            // The fleet on screen is a copy of one still being made: a decision waits for the one that is stored.
            return "not done: the new fleet is still warming up (fleet minute \(minute) of \(feeds.warmupMinutes)); " +
                "decisions open once it is stored"
        }
        do {
            let answered = try whenStoreAnswers {
                try perform { s, user in
                    switch intent {
                    case .file(let draft): Governance.file(draft, by: user, in: s, now: now).map { [$0] }
                    case let .act(verb, id, reason): Governance.act(verb, on: id, by: user, reason: reason, in: s, now: now).map { [$0] }
                    case let .ack(alert, comment): Governance.ack(alert, comment: comment, by: user, rows: alerts, in: s, now: now).map { [$0] }
                    case let .endSilence(id, comment): Governance.expireSilence(id, comment: comment, by: user, in: s, now: now).map { [$0] }
                    case let .silence(matchers, seconds, comment):
                        Governance.silence(matchers: matchers, seconds: seconds, comment: comment, by: user, in: s, now: now).map { [$0] }
                    case .recordDecision(let draft): Governance.recordDecision(draft, by: user, in: s, now: now).map { [$0] }
                    }
                }
            }
            guard let result = answered else {
                return "not known if done: the store stopped answering during the commit — look again once it is back"
            }
            switch result {
            case .success(let outcomes): return outcomes.map(\.message).joined(separator: "; ") + " — saved"
            case .failure(let refusal): return "not done: \(refusal)"
            }
        } catch {
            return "not done: the store refused the write: \(error)"
        }
    }

    /// The writer's governance duties, every few seconds: escalate items whose SLA lapsed and expire stale ones
    /// (recorded as `fleetdeck`), read the Alertmanager payload file, and start due plan executions.
    func governanceTick(now: Double) {
        // Nothing here is urgent enough to wait for a server that is away (`whenStoreAnswers`): it runs once it is back.
        guard isWriter, storeAway == nil else { return }
        if state.governance?.open.isEmpty == false {
            _ = try? perform { s, _ in .success(Governance.lapse(s, now: now)) }
        }
        governanceExtras?.tick(session: self, now: now)
        // The demo fleet's team leads file a request every couple of minutes while few are open.
        if isSimulating, !state.org.teams.isEmpty, now - simulatedRequestAt >= 120 {
            simulatedRequestAt = now
            simulatedRequests += 1
            let n = simulatedRequests, seed = UInt64(now)
            _ = try? perform { s, _ in
                guard let (draft, requester) = SimulatedRequests.next(s, n: n, seed: seed) else { return .success([]) }
                return Governance.file(draft, by: requester, in: s, now: now).map { [$0] }
            }
        }
    }
}

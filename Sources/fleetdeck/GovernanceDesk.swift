import FleetCore
import FleetStore
import Foundation

/// Files and decides requests against a store. Each action is decided on the newest state under the store's write
/// lock and committed — event and hash-chained audit record together, fsynced — before it is reported done.
enum GovernanceDesk {
    /// Runs `decide` on the newest state and stores what it returns; `state`/`lastEventID` come out current. `decide`
    /// also gets the person acting: the login the store authenticated, read inside the decision's transaction (a
    /// PostgreSQL role), else the OS user running this process — never a name the client claims.
    static func perform(store: any EventStoring, state: inout FleetState, lastEventID: inout Int64,
                        _ decide: (FleetState, _ person: String) -> Result<[GovernanceOutcome], GovernanceError>) throws -> Result<[GovernanceOutcome], GovernanceError> {
        try store.decideAsLogin(state: &state, lastEventID: &lastEventID, as: FleetEvent.self, apply: { $0.apply($1) }) { s, login in
            let decided = decide(s, login ?? Identity.current())
            guard case .success(let outcomes) = decided, !outcomes.isEmpty else { return (nil, decided) }
            return (try write(outcomes), decided)
        }
    }

    /// The events and audit bodies (key-sorted JSON) of `outcomes`.
    static func write(_ outcomes: [GovernanceOutcome]) throws -> StoreWrite<FleetEvent> {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return StoreWrite(events: outcomes.map { .governance($0.event) }, audit: try outcomes.map { try encoder.encode($0.audit) })
    }

    /// Opens the store a command names and loads its state (snapshot + events) with the id of the last event read.
    static func open(_ address: StoreAddress) throws -> (store: any EventStoring, state: FleetState, lastEventID: Int64) {
        let store = try address.open()
        let (state, last) = try Session.loadState(store: store)
        return (store, state, last)
    }
}

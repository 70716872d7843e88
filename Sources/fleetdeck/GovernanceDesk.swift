import FleetCore
import FleetStore
import Foundation

/// Files and decides requests against a store. Each action is decided on the newest state under the store's write
/// lock and committed — event and hash-chained audit record together, fsynced — before it is reported done.
enum GovernanceDesk {
    /// Runs `decide` on the newest state and stores what it returns; `state`/`lastEventID` come out current.
    static func perform(store: EventStore, state: inout FleetState, lastEventID: inout Int64,
                        _ decide: (FleetState) -> Result<[GovernanceOutcome], GovernanceError>) throws -> Result<[GovernanceOutcome], GovernanceError> {
        var working = state
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let done = try store.transact(after: lastEventID, as: FleetEvent.self) { newer -> (write: StoreWrite<FleetEvent>?, result: Result<[GovernanceOutcome], GovernanceError>) in
            working.apply(newer.map(\.event))
            let decided = decide(working)
            guard case .success(let outcomes) = decided, !outcomes.isEmpty else { return (nil, decided) }
            let events = outcomes.map { FleetEvent.governance($0.event) }
            let audit = try outcomes.map { try encoder.encode($0.audit) }
            working.apply(events)
            return (StoreWrite(events: events, audit: audit), decided)
        }
        state = working
        lastEventID = done.lastEventID
        return done.result
    }

    /// Opens the store a command names and loads its state (snapshot + events) with the id of the last event read.
    static func open(path: String) throws -> (store: EventStore, state: FleetState, lastEventID: Int64) {
        let store = try EventStore(path: path)
        let (state, last) = try Session.loadState(store: store)
        return (store, state, last)
    }
}

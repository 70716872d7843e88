import ArgumentParser
import FleetCore
import FleetPanes
import FleetStore
import Foundation

/// Shared plumbing of the governance commands: run an action, print its result, JSON output.
enum GovernanceCLI {
    /// A refusal or lookup failure: printed to stderr, exit status 3.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs `decide` on the store as the person acting (see `GovernanceDesk.perform`) and prints what happened once it
    /// is committed.
    static func run(_ address: StoreAddress, _ decide: (FleetState, _ person: String) -> Result<[GovernanceOutcome], GovernanceError>) throws {
        var (store, state, last) = try GovernanceDesk.open(address)
        let result: Result<[GovernanceOutcome], GovernanceError>
        do {
            result = try GovernanceDesk.perform(store: store, state: &state, lastEventID: &last, decide)
        } catch let error as StoreError {
            // The database's refusal (a viewer role deciding) is a refusal like the policy's: exit 3.
            guard case .notPermitted = error else { throw error }
            Console.error("fleetdeck: not done: \(error)")
            throw ExitCode(3)
        }
        switch result {
        case .success(let outcomes):
            // Unbuffered: the line appears the moment the decision is on disk, never before.
            for o in outcomes { FileHandle.standardOutput.write(Data("\(o.message) (recorded in the audit log)\n".utf8)) }
        case .failure(let refusal):
            Console.error("fleetdeck: \(refusal)")
            throw ExitCode(3)
        }
    }

    /// `verb` on request `id` with `reason`, as the person acting.
    static func act(_ verb: GovernanceVerb, id: String, reason: String, store: StoreAddress) throws {
        try run(store) { s, person in
            Governance.act(verb, on: id, by: person, reason: reason, in: s, now: Date().timeIntervalSince1970).map { [$0] }
        }
    }

    /// Pretty-printed, key-sorted JSON.
    static func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
    }
}

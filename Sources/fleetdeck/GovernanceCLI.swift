import ArgumentParser
import FleetCore
import FleetPanes
import Foundation

/// Shared plumbing of the governance commands: run an action, print its result, JSON output.
enum GovernanceCLI {
    /// A refusal or lookup failure: printed to stderr, exit status 3.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs `decide` on the store at `path` as the current OS user and prints what happened once it is on disk.
    static func run(_ path: String, _ decide: (FleetState) -> Result<[GovernanceOutcome], GovernanceError>) throws {
        var (store, state, last) = try GovernanceDesk.open(path: path)
        switch try GovernanceDesk.perform(store: store, state: &state, lastEventID: &last, decide) {
        case .success(let outcomes):
            // Unbuffered: the line appears the moment the decision is on disk, never before.
            for o in outcomes { FileHandle.standardOutput.write(Data("\(o.message) (recorded in the audit log)\n".utf8)) }
        case .failure(let refusal):
            Console.error("fleetdeck: \(refusal)")
            throw ExitCode(3)
        }
    }

    /// `verb` on request `id` with `reason`, as the current OS user.
    static func act(_ verb: GovernanceVerb, id: String, reason: String, path: String) throws {
        let user = Identity.current()
        try run(path) { s in
            Governance.act(verb, on: id, by: user, reason: reason, in: s, now: Date().timeIntervalSince1970).map { [$0] }
        }
    }

    /// Pretty-printed, key-sorted JSON.
    static func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
    }
}

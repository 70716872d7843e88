import ArgumentParser
import FleetCore
import FleetFeeds
import Foundation

/// `fleetdeck policy check FILE`: validate a policy file and list every mistake with file, line and field.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Work with policy files.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a policy file; exit 1 listing every error (file:line: field: message).")

        @Argument(help: "The policy file (YAML; see policy.example.yaml).")
        var file: String

        func run() throws {
            switch PolicyFile.load(path: file) {
            case .success(let loaded):
                let quotas = loaded.policy.rules?.quotas.count ?? 0
                print("\(file): ok — \(loaded.org.departments.count) departments, \(loaded.org.teams.count) teams, "
                      + "\(quotas) quotas, \(loaded.policy.priorityClasses.count) priority classes, "
                      + "\(loaded.policy.prices.count) prices, \(loaded.policy.rules?.roles.count ?? 0) roles")
            case .failure(let list):
                Console.error(list.description + "\n\(list.errors.count) error(s); the file is not used\n")
                throw ExitCode(1)
            }
        }
    }
}

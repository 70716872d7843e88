import ArgumentParser
import Foundation

/// The `fleetdeck` command: the dashboard by default, plus headless subcommands.
@main
struct Fleetdeck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleetdeck",
        abstract: "A terminal dashboard for governing shared GPU capacity.",
        discussion: "With no feed configured, fleetdeck runs a built-in simulated fleet with its state in SQLite.",
        subcommands: [DashboardCommand.self, CollectCommand.self, SnapshotCommand.self, FeedsCommand.self, PolicyCommand.self, ReportCommand.self,
                      ImportCommand.self, ConfigCommand.self, RequestCommand.self, DecisionCommand.Approve.self, DecisionCommand.Deny.self,
                      DecisionCommand.Escalate.self, DecisionCommand.Ask.self, AuditCommand.self, StoreCommand.self],
        defaultSubcommand: DashboardCommand.self
    )

    /// Runs the command; every message it ends with (usage errors, thrown errors, help) is cleaned before printing,
    /// since arguments and the errors quoting them may hold escape sequences.
    static func main() {
        let arguments: [String]
        switch ConfigArguments.expand(Array(CommandLine.arguments.dropFirst())) {
        case .success(let expanded): arguments = expanded
        case .failure(let list):
            Console.error("fleetdeck: bad configuration:\n\(list.description)")
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            var code = exitCode(for: error)
            // collect's bad configuration is 2, which its systemd unit does not restart on.
            if code == .validationFailure, arguments.first == "collect" { code = ExitCode(2) }
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { Console.out(message) } else { Console.error(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }
}

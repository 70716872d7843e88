import ArgumentParser
import FleetCore

/// `fleetdeck approve|deny|escalate|ask ID --reason …`: the approvals pane's actions, for scripts.
struct DecisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide", abstract: "Decide a request (also available as fleetdeck approve|deny|escalate|ask).", shouldDisplay: false,
        subcommands: [Approve.self, Deny.self, Escalate.self, Ask.self])

    /// Shared arguments of every decision.
    struct Arguments: ParsableArguments {
        @Argument(help: "Request id, e.g. R-7.") var id: String
        @Option(help: "Why (required; recorded in the audit log).") var reason: String
        @OptionGroup var target: TargetStore
        func act(_ verb: GovernanceVerb) throws { try GovernanceCLI.act(verb, id: id, reason: reason, store: target.address()) }
    }

    /// `fleetdeck approve`.
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a request (as the OS user running this, or the database role on PostgreSQL).")
        @OptionGroup var arguments: Arguments
        func run() throws { try arguments.act(.approve) }
    }

    /// `fleetdeck deny`.
    struct Deny: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "deny", abstract: "Deny a request.")
        @OptionGroup var arguments: Arguments
        func run() throws { try arguments.act(.deny) }
    }

    /// `fleetdeck escalate`.
    struct Escalate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "escalate", abstract: "Move a request up the escalation ladder.")
        @OptionGroup var arguments: Arguments
        func run() throws { try arguments.act(.escalate) }
    }

    /// `fleetdeck ask`.
    struct Ask: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ask", abstract: "Ask the requester for more information.")
        @OptionGroup var arguments: Arguments
        func run() throws { try arguments.act(.ask) }
    }
}

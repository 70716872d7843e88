import ArgumentParser

/// The `fleetdeck` command: the dashboard by default, plus headless subcommands.
@main
struct Fleetdeck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleetdeck",
        abstract: "A terminal dashboard for governing shared GPU capacity.",
        discussion: "With no feed configured, fleetdeck runs a built-in simulated fleet with its state in SQLite.",
        subcommands: [DashboardCommand.self, SnapshotCommand.self, FeedsCommand.self, PolicyCommand.self, ReportCommand.self,
                      ImportCommand.self, RequestCommand.self, DecisionCommand.Approve.self, DecisionCommand.Deny.self,
                      DecisionCommand.Escalate.self, DecisionCommand.Ask.self, AuditCommand.self],
        defaultSubcommand: DashboardCommand.self
    )
}

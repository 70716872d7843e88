import ArgumentParser
import FleetCore
import Foundation

/// `fleetdeck report …`: reports from the store's history.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports from the store's history.", subcommands: [Chargeback.self, Tagging.self, ReviewReportCommand.self])

    /// `fleetdeck report chargeback --period 2026-10`: cost per team, project, pool, model and purchase option.
    struct Chargeback: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chargeback for a month, with FOCUS 1.0 column names (BilledCost, ChargePeriodStart, SubAccountId, …).")

        @Option(help: "The month, YYYY-MM (default: the store's current month).")
        var period: String?

        @Option(help: "csv or json.")
        var format: String = "csv"

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var feedOptions: FeedOptions

        func validate() throws {
            guard ["csv", "json"].contains(format) else { throw ValidationError("--format must be csv or json") }
            if let period, ChargebackReport.month(period) == nil { throw ValidationError("--period must be YYYY-MM, got \(period)") }
        }

        func run() throws {
            let state = try Session.loadState(address: storeOptions.address(for: feedOptions))
            let start = period.flatMap(ChargebackReport.month) ?? UTCCalendar.monthStart(containing: state.now)
            let end = UTCCalendar.nextMonthStart(after: start)
            let lines = FleetCore.Chargeback.lines(state, from: start, to: end)
            let report = ChargebackReport(lines: lines, start: start, end: end)
            print(format == "json" ? report.json() : report.csv(), terminator: "")
        }
    }

    /// `fleetdeck report tagging`: jobs and teams missing the tags the policy requires.
    struct Tagging: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Jobs and teams missing the policy's required tags (project, team, cost-center, department).")

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var feedOptions: FeedOptions

        func run() throws {
            let state = try Session.loadState(address: storeOptions.address(for: feedOptions))
            let required = state.policy?.rules?.requiredTags ?? []
            guard !required.isEmpty else {
                print("no required tags: the store's policy (\(state.policy?.source ?? "none")) sets no required_tags")
                return
            }
            let gaps = TaggingGap.derive(state)
            print("required tags: \(required.joined(separator: ", ")); \(gaps.count) jobs or teams miss some")
            let known: Set<String> = ["project", "team", "cost-center", "department"]
            let unseen = required.filter { !known.contains($0) }
            if !unseen.isEmpty { print("not carried by any feed (every job misses them): \(unseen.joined(separator: ", "))") }
            for g in gaps { print("\(g.kind.rawValue)\t\(g.id)\tmissing \(g.missing.joined(separator: ", "))") }
        }
    }
}

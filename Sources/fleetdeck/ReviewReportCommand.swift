import ArgumentParser
import FleetCore
import FleetPanes
import FleetStore
import FleetWriter
import Foundation

/// `fleetdeck report review --period 2026-11 --format md`: the review board's pack for a period, from the store's
/// KPI history.
struct ReviewReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "A review board's pack for a period: capacity, queues, teams, cost, forecast, governance, reliability, exceptions.",
        discussion: "Every number names its definition (footnotes give formula and source signal); a number no source measured is \"missing\", never 0.")

    /// What the pack is compared with.
    enum Compare: String, ExpressibleByArgument, CaseIterable {
        case previous, year
    }

    /// The document format.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case md, html, json, csv
    }

    @Option(help: "2026-11 (month), 2026-Q4 (quarter), 2026-W45 (ISO week) or last-30d (the days up to the store's current hour).")
    var period: String

    @Option(help: "Compare with the previous period or the same period a year earlier: previous or year.")
    var compare: Compare?

    @Option(help: "md, html, json or csv.")
    var format: OutputFormat = .md

    @Option(name: .shortAndLong, help: "Write the pack to this file instead of standard output.")
    var output: String?

    @Option(help: "The SLA attainment every priority class should reach (0–1); below it is an exception.")
    var slaTarget: Double = 0.95

    @Option(help: "The share of a pool's GPU-hours it may spend down or drained (0–1); above it is an exception.")
    var maxDownShare: Double = 0.05

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var feedOptions: FeedOptions

    func validate() throws {
        do {
            _ = try ReviewPeriod.parse(period, now: Date().timeIntervalSince1970)
        } catch {
            throw ValidationError("--period: \(error)")
        }
        guard slaTarget.isFinite, (0...1).contains(slaTarget) else { throw ValidationError("--sla-target must be 0…1") }
        guard maxDownShare.isFinite, (0...1).contains(maxDownShare) else { throw ValidationError("--max-down-share must be 0…1") }
    }

    func run() throws {
        let store = try storeOptions.address(for: feedOptions).open()
        // The context the writer keeps with the rollups; a store written before it has none, so its state is loaded.
        let context = try ReviewHistory.context(in: store) ?? ReviewContext(state: Session.loadState(store: store).state)
        let reviewed = try ReviewPeriod.parse(period, now: context.now)
        let against = compare.map { $0 == .previous ? reviewed.previous : reviewed.yearEarlier }
        let pack = try ReviewHistory.pack(
            period: reviewed, compare: against,
            targets: ReviewTargets(teams: context.teams, slaAttainment: slaTarget, maxDownShare: maxDownShare), in: store
        ).with(decisions: context.decisions)
        let document = switch format {
        case .md: ReviewMarkdown.render(pack)
        case .html: ReviewHTML.render(pack)
        case .json: ReviewData.json(pack)
        case .csv: ReviewData.csv(pack)
        }
        guard let output else { return print(document, terminator: "") }
        do {
            try Data(document.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw ReviewOutputError(path: output, detail: error.localizedDescription)
        }
    }
}

/// The pack could not be written to `-o`'s file (exit 1, unlike a usage error).
struct ReviewOutputError: Error, CustomStringConvertible {
    let path: String
    let detail: String
    var description: String { "cannot write the review to \(path): \(detail)" }
}

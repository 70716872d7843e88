import ArgumentParser
import FleetFeeds
import Foundation

/// `fleetdeck feeds`: the configured sources, each fetched once now, with what came back.
struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds", abstract: "List the configured feeds and check each one now.",
        discussion: "Fetches every configured telemetry source once (bounded by --telemetry-timeout) and prints its status.")

    @OptionGroup var feedOptions: FeedOptions

    func run() throws {
        let sources = try feedOptions.telemetrySources()
        let schedulers = try feedOptions.schedulerSources()
        if sources.isEmpty, schedulers.isEmpty {
            print("simulator  (built-in simulated fleet; no live feed configured: see --scrape, --telemetry-file, --prometheus, "
                + "--nvidia-smi, --slurm, --slurmrestd, --slurm-json)")
            return
        }
        var failed = false
        for config in sources {
            var source = config.makeSource(timeout: feedOptions.telemetryTimeout,
                                           inference: feedOptions.inferenceMetric.map { InferenceMetric(name: $0, serviceLabel: feedOptions.inferenceServiceLabel) })
            let start = Date()
            let update = config == .file(path: "-") ? TelemetryUpdate.failed("stdin is read by the dashboard only", at: 0) : source.fetch()
            let took = String(format: "%.2fs", Date().timeIntervalSince(start))
            let status = update.failure == nil ? "ok" : "FAILING"
            failed = failed || update.failure != nil
            var line = "\(config.name)  [\(config.kind)]  \(status)  \(update.readings.count) GPUs  \(took)"
            if update.problemCount > 0 { line += "  \(update.problemCount) bad lines (\(update.firstProblem ?? ""))" }
            if let failure = update.failure { line += "  error: \(failure)" }
            print(line)
        }
        for config in schedulers {
            var source = config.makeSource(timeout: feedOptions.schedulerTimeout)
            let start = Date()
            let update = source.fetch()
            let took = String(format: "%.2fs", Date().timeIntervalSince(start))
            failed = failed || update.failure != nil
            let jobs = update.snapshots.reduce(0) { $0 + ($1.jobs ?? $1.accountingJobs ?? []).count }
            let nodes = update.snapshots.reduce(0) { $0 + ($1.nodes?.count ?? 0) }
            let versions = Set(update.snapshots.compactMap(\.version)).sorted().joined(separator: ",")
            let queues = update.snapshots.reduce(0) { $0 + ($1.queues?.count ?? 0) }
            var line = "\(config.name)  [\(config.kind)]  \(update.failure == nil ? "ok" : "FAILING")  \(jobs) jobs  \(nodes) nodes"
            if queues > 0 { line += "  \(queues) queues" }
            if !versions.isEmpty { line += "  \(versions)" }
            line += "  \(took)"
            if update.problemCount > 0 { line += "  \(update.problemCount) problems (\(update.firstProblem ?? ""))" }
            if let failure = update.failure { line += "  error: \(failure)" }
            print(line)
        }
        if failed { throw ExitCode(4) }
    }
}

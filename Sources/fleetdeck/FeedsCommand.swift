import ArgumentParser
import FleetCore
import FleetFeeds
import Foundation

/// `fleetdeck feeds`: the configured sources, each fetched once now, with what came back.
struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds", abstract: "List the configured feeds and check each one now.",
        discussion: """
            Fetches every configured telemetry and scheduler source once (bounded by --telemetry-timeout and \
            --scheduler-timeout), reads an --alertmanager-file and validates a --replay trace, and prints each one's status.
            """)

    @OptionGroup var feedOptions: FeedOptions

    func run() throws {
        let sources = try feedOptions.telemetrySources()
        let schedulers = try feedOptions.schedulerSources()
        var failed = false
        if let path = feedOptions.replay { failed = !checkReplay(path) }
        if let path = feedOptions.alertmanagerFile { failed = !checkAlertFile(path) || failed }
        if sources.isEmpty, schedulers.isEmpty, feedOptions.replay == nil {
            print("simulator  (built-in simulated fleet; no live feed configured: see --scrape, --telemetry-file, --prometheus, "
                + "--nvidia-smi, --slurm, --slurmrestd, --slurm-json)")
            if failed { throw ExitCode(4) }
            return
        }
        for config in sources {
            var source = config.makeSource(timeout: feedOptions.telemetryTimeout,
                                           inference: feedOptions.inferenceMetric.map { InferenceMetric(name: $0, serviceLabel: feedOptions.inferenceServiceLabel) })
            let start = Date()
            let update = source.fetch()  // stdin (`-`): the first exposition, up to `# EOF` or the end of input
            let took = String(format: "%.2fs", Date().timeIntervalSince(start))
            let status = update.failure == nil ? "ok" : "FAILING"
            failed = failed || update.failure != nil
            var line = "\(config.name)  [\(config.kind)]  \(status)  \(update.readings.count) GPUs  \(took)"
            if update.problemCount > 0 { line += "  \(update.problemCount) bad lines (\(update.firstProblem ?? ""))" }
            if let failure = update.failure { line += "  error: \(failure)" }
            print(FeedText.clean(line))
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
            print(FeedText.clean(line))
        }
        if failed { throw ExitCode(4) }
    }

    /// Validates a trace: rows, nodes, time span and bad lines; false when it cannot be replayed.
    private func checkReplay(_ path: String) -> Bool {
        let start = Date()
        let name = ReplayFeed.feedName(path: path)
        switch TraceLoader.load(path: path) {
        case .success(let trace):
            let replayer = TraceReplayer(trace: trace, epoch: ReplayFeed.epoch)
            var line = "\(name)  [trace-replay]  ok  \(trace.jobs.count) jobs  \(trace.nodes.count) nodes"
                + "  \(trace.nodes.reduce(0) { $0 + $1.gpus }) GPUs  spans \(String(format: "%.1f", replayer.duration / 86_400)) days"
                + String(format: "  %.2fs", Date().timeIntervalSince(start))
            if !trace.problems.isEmpty { line += "  \(trace.problems.count) bad lines (\(trace.problems[0]))" }
            print(FeedText.clean(line))
            return true
        case .failure(let error):
            print(FeedText.clean("\(name)  [trace-replay]  FAILING  error: \(error)"))
            return false
        }
    }

    /// Reads an Alertmanager payload file once; false when it cannot be read or its payload is discarded.
    private func checkAlertFile(_ path: String) -> Bool {
        var source = AlertmanagerSource(path: path)
        let start = Date()
        let result = source.poll().result
        let took = String(format: "%.2fs", Date().timeIntervalSince(start))
        var line = "\(source.feedName)  [alertmanager]  "
        switch result {
        case .success(let payload) where payload.isAccepted:
            line += "ok  \(payload.alerts.count) alerts  \(took)"
            if let first = payload.errors.first { line += "  \(payload.errors.count) problems (\(first))" }
        case .success(let payload):
            line += "FAILING  \(took)  error: \(payload.rejection ?? "")"
        case .failure(let error):
            line += "FAILING  \(took)  error: \(error.message)"
        }
        print(FeedText.clean(line))
        return (try? result.get())?.isAccepted == true
    }
}

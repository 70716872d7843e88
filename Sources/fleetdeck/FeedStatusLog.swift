import FleetCore
import Logging

/// Logs a line when a feed's status changes (first report, ok ↔ failing, another error) and when the writer's own
/// error changes; a steady state logs nothing.
struct FeedStatusLog {
    private var last: [String: String] = [:]
    private var lastRunnerError: String?

    /// Compares `feeds` and `runnerError` with what was logged before and logs the differences.
    mutating func report(_ feeds: [FeedRecord], runnerError: String?, to log: Logger) {
        for feed in feeds {
            let failing = (feed.lastErrorAt ?? -.infinity) > (feed.lastGoodAt ?? -.infinity)
            let summary = failing ? "failing \(feed.lastError ?? "")" : "ok"
            guard last[feed.name] != summary else { continue }
            last[feed.name] = summary
            var metadata: Logger.Metadata = ["feed": "\(feed.name)", "kind": "\(feed.kind)", "status": failing ? "failing" : "ok"]
            if failing {
                metadata["error"] = "\(feed.lastError ?? "unknown")"
                log.error("feed status", metadata: metadata)
            } else {
                if feed.problemCount > 0 { metadata["problems"] = "\(feed.problemCount)" }
                log.info("feed status", metadata: metadata)
            }
        }
        if runnerError != lastRunnerError {
            lastRunnerError = runnerError
            if let runnerError { log.error("writer error", metadata: ["error": "\(runnerError)"]) }
        }
    }
}

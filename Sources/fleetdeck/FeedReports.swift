import FleetCore
import FleetFeeds
import Foundation

/// Which feeds a command waits for and how their state is told on stderr, shared by `snapshot` and `feeds`.
enum FeedReports {
    /// The names under which the configured feeds record their status, in a stable order.
    static func expectedNames(_ options: FeedOptions) throws -> [String] {
        if let path = options.replay { return [ReplayFeed.feedName(path: path)] }
        let sources = try options.telemetrySources()
        let schedulers = try options.schedulerSources()
        if (sources.isEmpty && schedulers.isEmpty) || options.simulate { return [SimulatorFeed.feedName] }
        return sources.map(\.name) + schedulers.map(\.name)
    }

    /// What a feed has said since `since` (wall clock).
    enum Report: Equatable {
        case none
        case good
        case failed
    }

    /// Whether `record` reported a good update, a failure, or nothing since `since`; an update up to one interval old
    /// counts as good (another writer's last poll).
    static func report(_ record: FeedRecord?, since: Double) -> Report {
        guard let record else { return .none }
        let good = record.lastGoodAt ?? -.infinity
        let failed = record.lastErrorAt ?? -.infinity
        if failed >= since, failed > good { return .failed }
        if good >= since - record.intervalSeconds { return .good }
        return .none
    }

    /// One line per feed, cleaned for the terminal: name, kind, status, last error and problems.
    static func statusLine(name: String, record: FeedRecord?, since: Double, timeout: Double) -> String {
        guard let record else { return FeedText.clean("\(name)  no report within \(Int(timeout)) s") }
        var line = "\(record.name)  [\(record.kind)]  "
        switch report(record, since: since) {
        case .good: line += "ok"
        case .failed: line += "FAILING"
        case .none: line += "no report within \(Int(timeout)) s"
        }
        if let error = record.lastError { line += "  error: \(error)" }
        if record.problemCount > 0 { line += "  \(record.problemCount) problems (\(record.lastProblem ?? ""))" }
        return FeedText.clean(line)
    }
}

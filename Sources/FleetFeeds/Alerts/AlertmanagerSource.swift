import FleetCore
import Foundation

/// Alertmanager webhook payloads saved to a file (by a relay, `curl -o`, or a test), re-read on every poll.
///
/// The file is a state, not a stream: it is read on its interval whether or not it changed, so its freshness is the
/// age of the last successful read; its alerts are handed on only when its content changed.
public struct AlertmanagerSource: Sendable {
    public let path: String
    private var lastContent: Data?

    /// A source reading `path`.
    public init(path: String) { self.path = path }

    /// Reads the file now: the payload (or why it could not be read) and whether its content changed since the last
    /// successful read.
    public mutating func poll() -> (result: Result<AlertmanagerPayload, AlertSourceError>, changed: Bool) {
        switch Self.read(path: path) {
        case .failure(let error): return (.failure(error), false)
        case .success(let (data, receivedAt)):
            let changed = data != lastContent
            let payload = AlertmanagerWebhook.parse(data, receivedAt: receivedAt)
            if payload.isAccepted { lastContent = data }
            return (.success(payload), changed)
        }
    }

    /// Reads and parses the payload at `path`; the file's modification time is each alert's `receivedAt`.
    public static func readFile(path: String) -> Result<AlertmanagerPayload, AlertSourceError> {
        read(path: path).map { AlertmanagerWebhook.parse($0.data, receivedAt: $0.receivedAt) }
    }

    /// The file's bytes and modification time; only a regular file is read (a FIFO would block the writer).
    private static func read(path: String) -> Result<(data: Data, receivedAt: Double), AlertSourceError> {
        let shown = FeedText.clean(path.prefix(200))
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(AlertSourceError("cannot read \(shown): \(String(cString: strerror(errno)))")) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(AlertSourceError("cannot read \(shown): not a regular file")) }
        guard info.st_size <= AlertmanagerWebhook.maxBytes else {
            return .failure(AlertSourceError("\(shown): larger than the \(AlertmanagerWebhook.maxBytes >> 20) MiB limit"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(AlertSourceError("cannot open \(shown): \(String(cString: strerror(errno)))"))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // One byte past the limit is enough to know the file grew too large, without reading all of it.
            data = try handle.read(upToCount: AlertmanagerWebhook.maxBytes + 1) ?? Data()
        } catch {
            return .failure(AlertSourceError("cannot read \(shown): \(FeedText.clean(error.localizedDescription))"))
        }
        guard data.count <= AlertmanagerWebhook.maxBytes else {
            return .failure(AlertSourceError("\(shown): larger than the \(AlertmanagerWebhook.maxBytes >> 20) MiB limit"))
        }
        return .success((data, Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9))
    }
}

/// Why a payload file could not be read at all (problems inside a payload are its `errors`).
public struct AlertSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension AlertmanagerPayload {
    /// The events one read gives: the alerts when they are new, then the feed's status (FAILING with the reason when the
    /// payload was discarded; problems inside an accepted payload are counted with the first one's location).
    public static func events(_ result: Result<AlertmanagerPayload, AlertSourceError>, new: Bool, feed: String,
                              at: Double, intervalSeconds: Double) -> [FleetEvent] {
        switch result {
        case .success(let payload) where payload.isAccepted:
            var events: [FleetEvent] = []
            if new, !payload.alerts.isEmpty { events.append(.governance(.alertsReceived(payload.alerts))) }
            events.append(.feedStatus(FeedStatus(name: feed, kind: "alertmanager", at: at, intervalSeconds: intervalSeconds, ok: true,
                                                 problems: payload.errors.count, firstProblem: payload.errors.first)))
            return events
        case .success(let payload):
            return [.feedStatus(FeedStatus(name: feed, kind: "alertmanager", at: at, intervalSeconds: intervalSeconds, ok: false,
                                           error: payload.rejection, problems: payload.errors.count - 1,
                                           firstProblem: payload.errors.dropFirst().first))]
        case .failure(let error):
            return [.feedStatus(FeedStatus(name: feed, kind: "alertmanager", at: at, intervalSeconds: intervalSeconds, ok: false,
                                           error: error.message))]
        }
    }
}

extension AlertmanagerSource {
    /// Seconds between reads of a payload file.
    public static let intervalSeconds = 2.0
    /// The feed name the file's status is recorded under.
    public var feedName: String { "alertmanager \(FeedText.clean(path))" }
}

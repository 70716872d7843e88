import Foundation

/// Whether what a watcher reports is current: a local file always is; a server store goes stale when its connection
/// drops, a call misses its deadline, or the writer's heartbeat stops.
public enum StoreLiveness: Sendable, Equatable {
    /// Everything committed so far has been reported.
    case live
    /// Commits after `since` (the last moment the watcher knew it was current) may be missing, for `reason`; what was
    /// reported up to then stays valid.
    case stale(since: Date, reason: StaleReason)

    /// When the view stopped being known current, or nil while live.
    public var staleSince: Date? {
        if case .stale(let since, _) = self { return since }
        return nil
    }
}

/// Why a watcher's view of its store may be behind.
public enum StaleReason: String, Sendable, Equatable {
    /// The server answers, but no writer has been heard from (no collector running, or it stalled).
    case writerSilent
    /// The connection dropped or cannot be made (server stopped, network down).
    case connectionLost
    /// The server did not answer within the deadline (overloaded, or a silently dead connection).
    case deadlineMissed

    /// A few words for the header and logs.
    public var summary: String {
        switch self {
        case .writerSilent: "no writer heartbeat"
        case .connectionLost: "store connection lost"
        case .deadlineMissed: "store not answering"
        }
    }
}

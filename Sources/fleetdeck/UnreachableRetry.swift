import FleetFeeds
import FleetWriter
import Logging

/// `collect --wait-for-lease` while the store's server is away: each try that finds it unreachable is logged once
/// (and again when it answers) and retried with backoff, instead of ending the wait.
struct UnreachableRetry {
    /// Tries in a row that found the store unreachable.
    private(set) var failures = 0
    /// How long to wait before the next try, after one that found the store unreachable; nil after one that answered.
    var pause: Double? { failures == 0 ? nil : Backoff.wait(interval: Self.firstPause, failures: min(failures - 1, Self.maxDoublings)) }
    static let firstPause = 0.2
    /// 0.2 s doubling to 3.2 s (±20 %): a restarted server is found within seconds.
    static let maxDoublings = 4

    /// `body`'s answer; false when the store did not answer and `waiting` (a wait goes on), the error otherwise.
    mutating func attempt(_ body: () throws -> Bool, waiting: Bool, log: Logger) throws -> Bool {
        do {
            let answer = try body()
            if failures > 0 { log.info("store reachable again") }
            failures = 0
            return answer
        } catch where waiting && LeaseKeeper.isUnreachable(error) {
            if failures == 0 { log.warning("store unreachable: still waiting for the writer lease, retrying", metadata: ["error": "\(error)"]) }
            failures += 1
            return false
        }
    }
}

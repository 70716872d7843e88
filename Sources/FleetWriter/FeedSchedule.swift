import FleetFeeds

/// When the writer loop next steps one feed, and how that feed has been failing.
struct FeedSchedule {
    let feed: any Feed
    /// Wall time of the next step.
    private(set) var nextAt: Double
    /// Failed steps in a row.
    private(set) var failures = 0
    /// The last step's error while it keeps failing.
    private(set) var error: String?

    /// A feed first stepped at `now`.
    init(feed: any Feed, now: Double) {
        self.feed = feed
        nextAt = now
    }

    /// Whether a step is due at `now`: its time came, or it has work waiting and is not backing off.
    func isDue(now: Double) -> Bool { now >= nextAt || (failures == 0 && feed.hasPendingWork) }

    /// After a good step: the next one an interval later; after a long stall (a suspended laptop) it starts from now
    /// instead of replaying every missed step at once.
    mutating func succeeded(now: Double) {
        failures = 0
        error = nil
        let interval = feed.interval
        if now - nextAt > 10 * interval { nextAt = now }
        if nextAt <= now { nextAt += interval }
    }

    /// After a failed step: back off.
    mutating func failed(now: Double, error: String) {
        failures += 1
        self.error = error
        nextAt = now + Backoff.wait(interval: feed.interval, failures: failures)
    }
}

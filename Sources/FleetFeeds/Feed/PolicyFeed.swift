import FleetCore

/// The policy file as a feed of the writer loop: the org and policy when the file changes (see `PolicyWatcher`).
public final class PolicyFeed: Feed {
    private var watcher: PolicyWatcher

    /// A feed of the policy file at `path`.
    public init(path: String) { watcher = PolicyWatcher(path: path) }

    public var name: String { "policy \(watcher.path)" }
    public var kind: String { "policy-file" }
    public var interval: Double { PolicyWatcher.checkInterval }

    public func step(now: Double, into batch: inout EventBatch) throws {
        for event in watcher.poll(state: batch.state, now: now) { batch.emit(event) }
    }
}

import FleetCore
import Foundation

/// The policy file as a feed: loaded at start and again whenever it changes; a broken edit is reported (every error
/// counted, the first shown) and the previous policy stays in force.
public struct PolicyWatcher: Sendable {
    public let path: String
    /// Seconds between checks of the file's modification time.
    public static let checkInterval = 2.0
    /// Seconds between status reports while nothing changes (the feed is stale after three).
    public static let statusInterval = 30.0
    private var lastModified: Date?
    private var lastCheck = -Double.infinity
    private var lastStatus = -Double.infinity
    private var lastResult: Result<PolicyFile.Loaded, PolicyErrorList>?

    /// A watcher of `path`.
    public init(path: String) { self.path = path }

    /// The events due at wall time `now`: the org and policy when the file changed and is valid (teams that feeds
    /// revealed and the file does not name are kept), and the feed's status.
    public mutating func poll(state: FleetState, now: Double) -> [FleetEvent] {
        guard now - lastCheck >= Self.checkInterval else { return [] }
        lastCheck = now
        let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        var events: [FleetEvent] = []
        if modified != lastModified || lastResult == nil {
            lastModified = modified
            lastResult = PolicyFile.load(path: path)
            lastStatus = -Double.infinity
        }
        if case .success(let loaded)? = lastResult {
            let org = Self.merged(loaded.org, keeping: state.org)
            if org != state.org { events.append(.orgDefined(org)) }
            if loaded.policy != state.policy { events.append(.policyDefined(loaded.policy)) }
        }
        if now - lastStatus >= Self.statusInterval || !events.isEmpty {
            lastStatus = now
            events.append(.feedStatus(status(now: now)))
        }
        return events
    }

    private func status(now: Double) -> FeedStatus {
        switch lastResult {
        case .failure(let list)?:
            let first = list.errors.first.map(\.description) ?? "invalid"
            return FeedStatus(name: "policy \(path)", kind: "policy-file", at: now, intervalSeconds: Self.statusInterval,
                              ok: false, error: FeedText.clean("\(list.errors.count) error(s), previous policy kept: \(first)"),
                              problems: list.errors.count, firstProblem: FeedText.clean(first))
        default:
            return FeedStatus(name: "policy \(path)", kind: "policy-file", at: now, intervalSeconds: Self.statusInterval, ok: true)
        }
    }

    /// The file's org plus the teams a scheduler feed revealed that the file does not name.
    static func merged(_ file: OrgSpec, keeping current: OrgSpec) -> OrgSpec {
        var org = file
        let named = Set(file.teams.map(\.name))
        let observed = current.teams.filter { !named.contains($0.name) && !$0.hasLimits }
        guard !observed.isEmpty else { return org }
        org.departments.append(Department(name: SchedulerIngest.observedDepartment, costCenter: ""))
        let department = org.departments.count - 1
        org.teams += observed.map { var t = $0; t.department = department; return t }
        return org
    }
}

/// A condition that needs attention, derived from state by fixed rules.
public struct FleetAlert: Sendable, Hashable {
    public var severity: AlertSeverity
    /// What the alert is about: a node, a class, a feed.
    public var subject: String
    public var message: String
    /// Fleet or wall time since when the condition holds, when known.
    public var since: Double?
    /// The rule that raised it: with the subject, its identity.
    public var rule: AlertRule

    /// Stable identity for acks and silences: rule and subject.
    public var fingerprint: String { "\(rule.rawValue):\(subject)" }
    /// Labels silences match against (Alertmanager style).
    public var labels: [String: String] {
        ["alertname": rule.rawValue, "subject": subject, "severity": severity.rawValue, "source": AlertSource.fleetdeck.rawValue]
    }

    /// Alerts for down and drained nodes, failing or degraded GPUs, queue SLA breaches and (given `wallNow`) stale feeds.
    public static func derive(from state: FleetState, classes: [ClassQueueKPI], wallNow: Double?) -> [FleetAlert] {
        var alerts: [FleetAlert] = []
        for index in state.nodes.indices {
            // Healthy up nodes (nearly all) are read in place: copying every `Node` cost more than checking its GPUs.
            if state.nodes[index].state == .up, !hasUnhealthyGPU(node: index, state) { continue }
            let node = state.nodes[index]
            switch node.state {
            case .down:
                alerts.append(FleetAlert(severity: .critical, subject: node.name,
                                         message: "node down: \(node.reason)", since: node.stateSince, rule: .nodeDown))
            case .drain:
                alerts.append(FleetAlert(severity: .warning, subject: node.name,
                                         message: "node draining: \(node.reason)", since: node.stateSince, rule: .nodeDrain))
            case .up:
                var failing = 0, degraded = 0, code: Int16 = 0
                for g in node.firstGPU..<(node.firstGPU + node.gpuCount) {
                    switch state.gpus.health[g] {
                    case .failing: failing += 1; code = state.gpus.lastXID[g]
                    case .degraded: degraded += 1; if code == 0 { code = state.gpus.lastXID[g] }
                    case .healthy: break
                    }
                }
                if failing + degraded > 0 {
                    let what = failing > 0 ? "\(failing) GPU failing" : "\(degraded) GPU degraded"
                    let cause = code != 0 ? "XID \(code) \(XIDCatalog.meaning(of: Int(code)))"
                        : (node.firstGPU..<(node.firstGPU + node.gpuCount)).lazy
                            .flatMap { state.gpus.conditions[$0].descriptions }.first ?? "reported conditions"
                    let work = workOn(node: index, state: state)
                    // Advice first in words, then the work to move: the line must fit a 120-column alert list.
                    let advice = work.isEmpty ? "" : " → drain, move \(work.prefix(3).joined(separator: ", "))"
                        + (work.count > 3 ? " +\(work.count - 3)" : "")
                    alerts.append(FleetAlert(severity: failing > 0 ? .critical : .warning, subject: node.name,
                                             message: "\(what) (\(cause))\(advice)", since: nil, rule: .hardware))
                }
            }
        }
        let ranks = Dictionary(state.priorityClasses.map { ($0.name, $0.rank) }, uniquingKeysWith: { a, _ in a })
        for c in classes where c.breachesSLA {
            let urgent = (ranks[c.name] ?? 9) <= 1
            let worst = max(c.waitP95 ?? 0, c.oldestPendingWait ?? 0)
            alerts.append(FleetAlert(severity: urgent ? .critical : .warning, subject: c.name,
                                     message: "queue wait \(DurationFormat.short(worst)) over SLA \(DurationFormat.short(c.slaSeconds))",
                                     since: nil, rule: .queueWaitSLA))
        }
        alerts += quotaContradictions(state)
        alerts += queueDepth(state, classes: classes)
        let budgets = BudgetStatus.derive(state).filter { $0.level != .ok }
        let plans = ThrottlePlan.summaries(teams: Set(budgets.filter(\.throttles).map(\.team)), state)
        for b in budgets {
            let throttle = b.throttles
            let plan = throttle ? plans[b.team] ?? (0, 0) : nil
            let threshold = throttle ? "throttle at \(Int(saturating: b.thresholds.throttleAt * 100)) %"
                : b.level == .over ? "over budget" : "warn at \(Int(saturating: b.thresholds.warnAt * 100)) %"
            let advice = plan.map { p in p.jobs == 0 ? " · nothing preemptible to hold"
                : " · throttle plan: hold \(p.jobs) jobs, saves \(String(Int(saturating: p.savesPerHour.rounded())))$/h (dry run)" } ?? ""
            alerts.append(FleetAlert(severity: b.level >= .throttle ? .critical : .warning, subject: b.team,
                                     message: "budget \(Int(saturating: (b.used * 100).rounded())) % used (\(threshold))" + advice,
                                     since: nil, rule: .budget))
        }
        if let wallNow {
            for feed in state.feeds where feed.isStale(now: wallNow) {
                let age = feed.age(now: wallNow).map { "no good update for \(DurationFormat.short($0))" } ?? "no good update yet"
                alerts.append(FleetAlert(severity: .warning, subject: feed.name, message: "feed stale: \(age)",
                                         since: feed.lastGoodAt, rule: .staleFeed))
            }
        }
        return alerts.sorted { ($0.severity, $1.subject) > ($1.severity, $0.subject) }
    }
}

extension FleetAlert {
    /// Whether any GPU of node `n` is degraded or failing.
    private static func hasUnhealthyGPU(node n: Int, _ state: FleetState) -> Bool {
        let first = state.nodes[n].firstGPU
        return (first..<(first + state.nodes[n].gpuCount)).contains { state.gpus.health[$0] != .healthy }
    }

    /// Classes with more pending jobs than the policy's queue depth limit.
    static func queueDepth(_ state: FleetState, classes: [ClassQueueKPI]) -> [FleetAlert] {
        guard let limits = state.policy?.queueDepthLimits, !limits.isEmpty else { return [] }
        return classes.compactMap { c in
            guard let limit = limits[c.name], c.pendingJobs > limit else { return nil }
            return FleetAlert(severity: .warning, subject: c.name, message: "\(c.pendingJobs) jobs pending, over the depth limit \(limit)",
                              since: nil, rule: .queueDepth)
        }
    }

    /// Policy quotas the fleet cannot honour: a pool that does not exist, or nominal quotas summing past a pool's GPUs.
    static func quotaContradictions(_ state: FleetState) -> [FleetAlert] {
        guard let quotas = state.policy?.rules?.quotas, !quotas.isEmpty, !state.nodes.isEmpty else { return [] }
        var alerts: [FleetAlert] = []
        var nominal: [String: Int] = [:]
        for q in quotas {
            guard let pool = q.pool else { continue }
            nominal[pool, default: 0] += q.nominal
        }
        // GPUs per pool in one pass over the nodes' counts (filtering copies of `Node` per pool cost more than the rest).
        var poolGPUs = [Int](repeating: 0, count: state.fleet.pools.count)
        for n in state.nodes.indices where state.nodes[n].pool >= 0 && state.nodes[n].pool < poolGPUs.count {
            poolGPUs[state.nodes[n].pool] += state.nodes[n].gpuCount
        }
        for (pool, total) in nominal.sorted(by: { $0.key < $1.key }) {
            guard let p = state.fleet.pools.firstIndex(where: { $0.name == pool }) else {
                alerts.append(FleetAlert(severity: .warning, subject: "policy", message: "quotas name pool \(pool), which the fleet does not have",
                                         since: nil, rule: .policy))
                continue
            }
            let capacity = poolGPUs[p]
            if total > capacity {
                alerts.append(FleetAlert(severity: .warning, subject: "policy",
                                         message: "nominal quotas in \(pool) sum to \(total) GPUs, the pool has \(capacity)", since: nil, rule: .policy))
            }
        }
        return alerts
    }

    /// The work running on a node: scheduler jobs by id, then telemetry owners (pods, HPC jobs), each once.
    public static func workOn(node n: Int, state: FleetState) -> [String] {
        guard n >= 0, n < state.nodes.count else { return [] }
        let node = state.nodes[n]
        var seen = Set<String>(), out: [String] = []
        for g in node.firstGPU..<(node.firstGPU + node.gpuCount) {
            let slot = Int(state.gpus.allocatedSlot[g])
            let name = slot >= 0 && slot < state.jobSlots.count ? state.jobSlots[slot]?.id : nil
            for item in [name, state.gpus.owner[g].isEmpty ? nil : state.gpus.owner[g]].compactMap({ $0 })
            where seen.insert(item).inserted {
                out.append(item)
            }
        }
        return out
    }
}

/// Human-friendly durations.
public enum DurationFormat {
    /// Seconds in "90s", "5m", "2h", "1d", "1w" or a plain number of seconds; nil when malformed or negative.
    public static func parse(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        if let unit = text.last, let scale = units[unit], let value = Double(text.dropLast()), value >= 0, value.isFinite { return value * scale }
        if let seconds = Double(text), seconds >= 0, seconds.isFinite { return seconds }
        return nil
    }

    /// "45s", "12m", "3h05m", "2d04h".
    public static func short(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "—" }
        let s = Int(saturating: max(0, seconds).rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        let two: (Int) -> String = { $0 < 10 ? "0\($0)" : "\($0)" }
        if s < 86_400 { return "\(s / 3600)h\(two((s % 3600) / 60))m" }
        return "\(s / 86_400)d\(two((s % 86_400) / 3600))h"
    }

}

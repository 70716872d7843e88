/// What kind of quota-holding queue a scheduler reports; the raw values are Kueue's kinds, as events store them.
public enum QueueKind: String, Codable, Sendable, Hashable {
    case clusterQueue = "ClusterQueue"
    case cohort = "Cohort"
}

/// A scheduler queue's GPU quota and use (a Kueue ClusterQueue or Cohort), as last reported.
public struct QueueQuota: Codable, Sendable, Hashable {
    public var name: String
    public var kind: QueueKind
    /// The cohort a ClusterQueue borrows within, or a cohort's parent.
    public var parent: String?
    /// Guaranteed GPUs (nominal quota summed over flavors); nil when none is set.
    public var nominalGPUs: Double?
    /// GPUs it may borrow beyond nominal; nil means no limit.
    public var borrowingLimitGPUs: Double?
    /// GPUs it may lend to its cohort; nil means all.
    public var lendingLimitGPUs: Double?
    /// GPUs admitted workloads use now.
    public var usedGPUs: Double?
    public var pendingActive: Int?
    public var pendingInadmissible: Int?
    public var admitted: Int?
    /// Fair-sharing weight and the share Kueue computes from it.
    public var fairWeight: Double?
    public var weightedShare: Double?
    public init(name: String, kind: QueueKind, parent: String?, nominalGPUs: Double?, borrowingLimitGPUs: Double?,
                lendingLimitGPUs: Double?, usedGPUs: Double?, pendingActive: Int?, pendingInadmissible: Int?, admitted: Int?,
                fairWeight: Double?, weightedShare: Double?) {
        self.name = name
        self.kind = kind
        self.parent = parent
        self.nominalGPUs = nominalGPUs
        self.borrowingLimitGPUs = borrowingLimitGPUs
        self.lendingLimitGPUs = lendingLimitGPUs
        self.usedGPUs = usedGPUs
        self.pendingActive = pendingActive
        self.pendingInadmissible = pendingInadmissible
        self.admitted = admitted
        self.fairWeight = fairWeight
        self.weightedShare = weightedShare
    }

    /// GPUs used beyond the nominal quota (borrowed from the cohort), when both are known.
    public var borrowedGPUs: Double? {
        guard let used = usedGPUs, let nominal = nominalGPUs else { return nil }
        return max(0, used - nominal)
    }
}

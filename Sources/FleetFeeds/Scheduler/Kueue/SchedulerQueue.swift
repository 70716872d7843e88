import FleetCore

/// A quota-holding queue as a scheduler reports it: a Kueue ClusterQueue or Cohort, with GPU quota and usage.
///
/// GPU figures sum the flavors' GPU-count resources (`KubeQuantity.isGPU`: `nvidia.com/gpu`, `amd.com/gpu`, …);
/// each is nil when no GPU resource of the queue sets it.
public struct SchedulerQueue: Sendable, Hashable {
    /// What kind of queue it is.
    public typealias Kind = QueueKind

    public var name: String
    public var kind: Kind
    /// The cohort above: a ClusterQueue's `spec.cohort` (v1beta1) / `spec.cohortName` (v1beta2), a Cohort's
    /// `spec.parentName` (or `spec.parent`).
    public var parent: String?
    /// Guaranteed GPUs (nominal quota) over all flavors.
    public var nominalGPUs: Double?
    /// GPUs it may borrow from its cohort beyond the nominal quota, summed over the flavors that set a limit.
    public var borrowingLimitGPUs: Double?
    /// GPUs of its nominal quota it may lend, summed over the flavors that set a limit.
    public var lendingLimitGPUs: Double?
    /// Quota per flavor and resource, every resource (CPU in cores, memory in bytes), in spec order.
    public var flavors: [FlavorQuota] = []
    /// GPUs in use by admitted workloads (`status.flavorsUsage`, else `status.flavorsReservation`).
    public var usedGPUs: Double?
    /// Pending workloads Kueue still tries to admit. From the workloads in the same output when it has any,
    /// else `status.pendingWorkloads` (which counts every pending workload).
    public var pendingActive: Int?
    /// Pending workloads set aside as inadmissible (their reason says `Inadmissible`); nil when no workloads
    /// were listed to tell.
    public var pendingInadmissible: Int?
    /// Workloads admitted and not finished (`status.admittedWorkloads`).
    public var admitted: Int?
    /// Workloads holding a quota reservation (`status.reservingWorkloads`).
    public var reserving: Int?
    /// Fair-sharing weight (`spec.fairSharing.weight`; `500m` is 0.5).
    public var fairWeight: Double?
    /// Fair-sharing share (`status.fairSharing.weightedShare`).
    public var weightedShare: Double?

    /// A queue of `kind` named `name`.
    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// One resource's quota in one flavor of a queue.
public struct FlavorQuota: Sendable, Hashable {
    /// ResourceFlavor name.
    public var flavor: String
    /// Resource name (`nvidia.com/gpu`, `cpu`, `memory`, …).
    public var resource: String
    /// `nominalQuota`, parsed (`500m` is 0.5, `2Gi` is 2147483648).
    public var nominal: Double?
    public var borrowingLimit: Double?
    public var lendingLimit: Double?
    /// In use (`status.flavorsUsage[].resources[].total`, else the reservation).
    public var usage: Double?
    /// Of the usage, what is borrowed from the cohort.
    public var borrowed: Double?

    /// The quota of `resource` in `flavor`.
    public init(flavor: String, resource: String) {
        self.flavor = flavor
        self.resource = resource
    }

    /// Whether the resource counts GPUs.
    public var isGPU: Bool { KubeQuantity.isGPU(resource) }
}

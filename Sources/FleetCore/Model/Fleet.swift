/// How the capacity behind a pool is paid for; prices differ per option.
public enum PurchaseOption: String, Codable, Sendable, CaseIterable {
    case onPrem = "on-prem"
    /// Owned GPUs in rented data-centre space: amortised hardware plus space and power, paid used or not.
    case colocation
    case reserved
    case onDemand = "on-demand"
    case spot
}

/// A GPU model with the figures telemetry is judged against.
public struct GPUModel: Codable, Sendable, Hashable {
    public var name: String
    public var memoryMiB: Double
    public var tdpWatts: Double
    public init(name: String, memoryMiB: Double, tdpWatts: Double) {
        self.name = name
        self.memoryMiB = memoryMiB
        self.tdpWatts = tdpWatts
    }
}

/// A scheduling domain: one Slurm cluster or Kubernetes cluster.
public struct Cluster: Codable, Sendable, Hashable {
    public var name: String
    public var region: String
    public init(name: String, region: String) {
        self.name = name
        self.region = region
    }
}

/// A set of nodes sharing a purpose and a purchase option (e.g. production inference, spot).
public struct Pool: Codable, Sendable, Hashable {
    public var name: String
    public var cluster: Int
    public var purchase: PurchaseOption
    public init(name: String, cluster: Int, purchase: PurchaseOption) {
        self.name = name
        self.cluster = cluster
        self.purchase = purchase
    }
}

/// Whether a node accepts work.
public enum NodeState: String, Codable, Sendable {
    case up
    /// Running jobs continue; no new work is placed.
    case drain
    case down
}

/// A node as declared by the fleet definition.
public struct NodeSpec: Codable, Sendable, Hashable {
    public var name: String
    public var pool: Int
    public var model: Int
    public var gpuCount: Int
    public var zone: String
    /// GPU UUIDs, one per GPU; generated when the source has none.
    public var gpuUUIDs: [String]
    public init(name: String, pool: Int, model: Int, gpuCount: Int, zone: String, gpuUUIDs: [String]) {
        self.name = name
        self.pool = pool
        self.model = model
        self.gpuCount = gpuCount
        self.zone = zone
        self.gpuUUIDs = gpuUUIDs
    }
}

/// The physical shape of the fleet: clusters → pools → nodes → GPUs.
public struct FleetSpec: Codable, Sendable, Hashable {
    public var name: String
    public var clusters: [Cluster]
    public var pools: [Pool]
    public var models: [GPUModel]
    public var nodes: [NodeSpec]
    public init(name: String, clusters: [Cluster], pools: [Pool], models: [GPUModel], nodes: [NodeSpec]) {
        self.name = name
        self.clusters = clusters
        self.pools = pools
        self.models = models
        self.nodes = nodes
    }
}

/// A node's live record.
public struct Node: Codable, Sendable, Hashable {
    public var name: String
    public var pool: Int
    public var model: Int
    public var zone: String
    /// Index of the node's first GPU in the GPU table.
    public var firstGPU: Int
    public var gpuCount: Int
    public var state: NodeState
    public var reason: String
    public var stateSince: Double
    /// GPUs the scheduler reports in use on this node (Slurm `gres_used`/`tres_used`); nil when it has not said.
    public var schedulerAllocatedGPUs: Int? = nil
}

/// GPUs in use on one node, as its scheduler reports them.
public struct NodeAllocationReport: Codable, Sendable, Hashable {
    public var node: Int32
    /// GPUs in use; nil when the scheduler no longer says.
    public var gpus: Int?
    /// A report for node index `node`.
    public init(node: Int32, gpus: Int?) {
        self.node = node
        self.gpus = gpus
    }
}

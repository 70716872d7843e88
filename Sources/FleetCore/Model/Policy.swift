/// A priority class with its queue-wait SLA and preemption rule.
public struct PriorityClass: Codable, Sendable, Hashable {
    public var name: String
    /// Lower rank is more important.
    public var rank: Int
    public var queueWaitSLASeconds: Double
    public var preemptible: Bool
    public init(name: String, rank: Int, queueWaitSLASeconds: Double, preemptible: Bool) {
        self.name = name
        self.rank = rank
        self.queueWaitSLASeconds = queueWaitSLASeconds
        self.preemptible = preemptible
    }
}

/// Price of one GPU-hour for a model, purchase option and region.
public struct Price: Codable, Sendable, Hashable {
    public var model: String
    public var purchase: PurchaseOption
    public var region: String
    public var dollarsPerGPUHour: Double
    public init(model: String, purchase: PurchaseOption, region: String, dollarsPerGPUHour: Double) {
        self.model = model
        self.purchase = purchase
        self.region = region
        self.dollarsPerGPUHour = dollarsPerGPUHour
    }
}

/// The rules KPIs are judged by: classes, prices and thresholds.
public struct PolicySpec: Codable, Sendable, Hashable {
    /// Where the policy came from, shown in the header ("built-in demo policy" or a file path).
    public var source: String
    public var priorityClasses: [PriorityClass]
    public var prices: [Price]
    /// Utilisation (percent) under which an allocated GPU counts as idle.
    public var idleThresholdPercent: Double
    /// How long a GPU must stay under the threshold to count as idle allocated.
    public var idleWindowSeconds: Double
    /// Window for queue-wait percentiles and SLA attainment.
    public var queueWaitWindowSeconds: Double
    /// Pending-job count per queue or class name above which the queues pane flags it (starvation guard).
    public var queueDepthLimits: [String: Int]?
    /// Quotas, grants, budget thresholds, mappings and roles from a policy file; nil for the built-in demo policy.
    public var rules: PolicyRules?
    public init(source: String, priorityClasses: [PriorityClass], prices: [Price], idleThresholdPercent: Double = 5,
                idleWindowSeconds: Double = 1800, queueWaitWindowSeconds: Double = 86_400,
                queueDepthLimits: [String: Int]? = nil) {
        self.queueDepthLimits = queueDepthLimits
        self.source = source
        self.priorityClasses = priorityClasses
        self.prices = prices
        self.idleThresholdPercent = idleThresholdPercent
        self.idleWindowSeconds = idleWindowSeconds
        self.queueWaitWindowSeconds = queueWaitWindowSeconds
    }

    /// What a real fleet (live sources or a replayed trace) runs under without a policy file: the default classes and
    /// nothing invented — no prices, quotas, budgets or roles, so cost shows as missing rather than as demo figures.
    public static func withoutPolicyFile() -> PolicySpec {
        PolicySpec(source: "no policy file: no prices, quotas or budgets", priorityClasses: defaultPriorityClasses, prices: [])
    }

    /// The default priority classes of PRODUCT.md, most important first.
    public static let defaultPriorityClasses: [PriorityClass] = [
        PriorityClass(name: "prod-inference", rank: 0, queueWaitSLASeconds: 5 * 60, preemptible: false),
        PriorityClass(name: "regulatory", rank: 1, queueWaitSLASeconds: 30 * 60, preemptible: false),
        PriorityClass(name: "retrain", rank: 2, queueWaitSLASeconds: 2 * 3600, preemptible: false),
        PriorityClass(name: "training", rank: 3, queueWaitSLASeconds: 4 * 3600, preemptible: true),
        PriorityClass(name: "research", rank: 4, queueWaitSLASeconds: 8 * 3600, preemptible: true),
        PriorityClass(name: "best-effort", rank: 5, queueWaitSLASeconds: 24 * 3600, preemptible: true),
    ]
}

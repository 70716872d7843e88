/// One inference service's request counter at a scrape: the total summed over its replicas, and who they are.
public struct InferenceCounter: Codable, Sendable, Hashable {
    public var service: String
    /// Requests served so far (a Prometheus counter, summed over replicas).
    public var requestsTotal: Double
    /// Owners of the GPUs serving it: pods (`namespace/pod`) or scheduler job ids.
    public var owners: [String]
    /// A reading.
    public init(service: String, requestsTotal: Double, owners: [String]) {
        self.service = service
        self.requestsTotal = requestsTotal
        self.owners = owners
    }
}

/// An inference service: its request rate from the last two counter readings and the owners of its GPUs.
public struct InferenceService: Codable, Sendable, Hashable {
    public var name: String
    /// Requests per second between the last two readings; nil until two exist (or after a counter reset).
    public var requestsPerSecond: Double?
    public var lastTotal: Double
    public var lastAt: Double
    public var owners: [String]
}

extension FleetState {
    /// Services not reported for this long are dropped.
    static let inferenceForgetSeconds = 3600.0

    mutating func recordInference(at: Double, _ counters: [InferenceCounter]) {
        var services = inference ?? [:]
        for c in counters {
            if var known = services[c.service], at > known.lastAt {
                // A counter that went down was restarted: no rate from this pair.
                known.requestsPerSecond = c.requestsTotal >= known.lastTotal ? (c.requestsTotal - known.lastTotal) / (at - known.lastAt) : nil
                known.lastTotal = c.requestsTotal
                known.lastAt = at
                known.owners = c.owners
                services[c.service] = known
            } else if services[c.service] == nil {
                services[c.service] = InferenceService(name: c.service, requestsPerSecond: nil, lastTotal: c.requestsTotal, lastAt: at, owners: c.owners)
            }
        }
        inference = services.filter { at - $0.value.lastAt < Self.inferenceForgetSeconds }
    }
}

import FleetCore

/// A request counter of inference servers to read alongside GPU telemetry (e.g. vLLM's
/// `vllm:request_success_total`, labelled by `model_name`), for cost per inference.
public struct InferenceMetric: Sendable, Hashable {
    public var name: String
    /// The label naming the service a sample counts requests for.
    public var serviceLabel: String
    /// A metric; samples without `serviceLabel` count for a service named after the metric.
    public init(name: String, serviceLabel: String = "model_name") {
        self.name = name
        self.serviceLabel = serviceLabel
    }
}

/// Request counters seen in one exposition, summed per service over its replicas.
struct InferenceTally {
    let metric: InferenceMetric
    private let nameBytes: [UInt8]
    private var totals: [String: (total: Double, owners: Set<String>)] = [:]

    init(_ metric: InferenceMetric) {
        self.metric = metric
        nameBytes = Array(metric.name.utf8)
    }

    /// Whether `sample` is this counter (compared only for samples of metrics fleetdeck does not map).
    func matches(_ name: UnsafeBufferPointer<UInt8>) -> Bool { name.elementsEqual(nameBytes) }

    mutating func add(_ sample: ExpositionSample) {
        guard sample.value.isFinite, sample.value >= 0 else { return }
        var service = metric.name
        for span in sample.labels where sample.labelName(span) == metric.serviceLabel {
            service = sample.labelValue(span).map(FeedText.clean) ?? service
        }
        let labels = IdentityLabels(sample)
        let text = { (span: LabelSpan?) -> String? in span.flatMap(sample.labelValue).map(FeedText.clean).flatMap { $0.isEmpty ? nil : $0 } }
        let owner = text(labels.pod).map { pod in text(labels.namespace).map { "\($0)/\(pod)" } ?? pod }
        var entry = totals[service] ?? (0, [])
        entry.total += sample.value
        if let owner { entry.owners.insert(owner) }
        totals[service] = entry
    }

    mutating func reset() { totals.removeAll(keepingCapacity: true) }

    var counters: [InferenceCounter] {
        totals.sorted { $0.key < $1.key }.map { InferenceCounter(service: $0.key, requestsTotal: $0.value.total, owners: $0.value.owners.sorted()) }
    }
}

import FleetCore

/// Maps exposition samples (DCGM exporter or nvidia_gpu_exporter metrics) to per-GPU readings.
///
/// Keep one per source: GPU identities are interned across scrapes, so a steady fleet costs no string work per
/// line. Call `beginScrape()` before each exposition and `readings()` after it.
public struct DCGMAccumulator: ExpositionSink {
    /// Most series (GPUs and MIG instances) one source may report; more are rejected to bound memory.
    public static let maxSeries = 262_144
    /// Host name used when a sample has no Hostname/hostname label (e.g. the scrape target's host).
    public var defaultHost: String
    public private(set) var errors: [ExpositionError] = []
    public private(set) var errorCount = 0
    /// Samples of metrics fleetdeck does not use (ignored, not errors).
    public private(set) var ignoredSamples = 0

    private var metricNames = ByteKeyTable()
    private var metrics: [TelemetryMetric] = []
    private var identities = ByteKeyTable(capacity: 4096)
    var series: [SeriesInfo] = []
    var values: [Double] = []
    var seen: [UInt32] = []
    private var generation: UInt32 = 0
    var generationMark: UInt32 { generation }
    private var keyScratch: [UInt8] = []
    /// The inference request counter to tally, when one is configured.
    var inference: InferenceTally?
    static let fieldCount = TelemetryField.allCases.count

    /// What a series is: a whole GPU or one MIG instance of it.
    struct SeriesInfo {
        var uuid: String
        var host: String
        var index: Int?
        var model: String
        var migProfile: String?
        var migID: Int?
        var owner: String?
        var ownerHash: UInt64
    }

    /// An accumulator for one source.
    public init(defaultHost: String = "localhost", inference: InferenceMetric? = nil) {
        self.defaultHost = defaultHost
        self.inference = inference.map(InferenceTally.init)
        for (name, metric) in TelemetryMetric.table {
            var key = name
            key.withUTF8 { bytes in
                _ = metricNames.insert(bytes, hash: ByteKeyTable.hash(bytes))
            }
            metrics.append(metric)
        }
    }

    /// Starts a new exposition: forgets last scrape's values and errors, keeps known GPUs.
    public mutating func beginScrape() {
        generation &+= 1
        errors.removeAll(keepingCapacity: true)
        errorCount = 0
        ignoredSamples = 0
        inference?.reset()
    }

    /// The inference request counters of this exposition, per service.
    public var inferenceCounters: [InferenceCounter] { inference?.counters ?? [] }

    mutating func record(_ line: Int, _ message: String) {
        errorCount += 1
        if errors.count < ExpositionParser.keptErrors { errors.append(ExpositionError(line: line, message: message)) }
    }

    public mutating func sample(_ sample: ExpositionSample) {
        let name = sample.name
        guard let metricID = metricNames.find(name, hash: ByteKeyTable.hash(name)) else {
            if inference?.matches(name) == true { inference?.add(sample) } else { ignoredSamples += 1 }
            return
        }
        let metric = metrics[Int(metricID)]
        let labels = IdentityLabels(sample)
        guard let slot = slot(for: labels, sample) else { return }
        if metric.isInfo {
            if let model = labels.model.flatMap(sample.labelValue) { series[slot].model = FeedText.clean(model) }
            if let index = labels.index.flatMap(sample.labelValue).flatMap({ Int($0) }) { series[slot].index = index }
            return
        }
        store(sample.value, metric: metric, slot: slot, sample)
    }

    private mutating func store(_ raw: Double, metric: TelemetryMetric, slot: Int, _ sample: ExpositionSample) {
        guard !raw.isNaN else { return }
        let cell = slot * Self.fieldCount + metric.field.rawValue
        if metric.field == .conditions {
            let flags = metric.flag.map { raw > 0 ? $0 : [] } ?? TelemetryMetric.conditions(fromClockEventMask: raw)
            values[cell] = Double(GPUConditionFlags(rawValue: UInt8(values[cell]) | flags.rawValue).rawValue)
            return
        }
        let value = raw * metric.scale
        guard metric.field.range.contains(value) else {
            return record(sample.lineNumber, "\(sample.nameString) value \(raw) out of range")
        }
        guard values[cell].isNaN else {
            return record(sample.lineNumber, "duplicate series \(sample.nameString) for GPU \(series[slot].uuid)")
        }
        values[cell] = value
    }

    /// The series slot a sample belongs to, created on first sight; nil (with an error) when it names no GPU.
    private mutating func slot(for labels: IdentityLabels, _ sample: ExpositionSample) -> Int? {
        let slot: Int
        if let uuid = labels.uuid, labels.instanceID == nil {
            // The common case: the UUID's bytes in the line are the key, no copy.
            guard let s = self.slot(forKey: sample.rawValue(uuid), labels, sample) else { return nil }
            slot = s
        } else {
            keyScratch.removeAll(keepingCapacity: true)
            if let uuid = labels.uuid {
                keyScratch.append(contentsOf: sample.rawValue(uuid))
            } else if let gpu = labels.gpu {
                if let host = labels.host { keyScratch.append(contentsOf: sample.rawValue(host)) } else { keyScratch.append(contentsOf: defaultHost.utf8) }
                keyScratch.append(0)
                keyScratch.append(contentsOf: sample.rawValue(gpu))
            } else {
                record(sample.lineNumber, "\(sample.nameString) has no GPU identity label (UUID, uuid or gpu)")
                return nil
            }
            if let instance = labels.instanceID {
                keyScratch.append(1)
                keyScratch.append(contentsOf: sample.rawValue(instance))
            }
            let key = keyScratch
            guard let s = key.withUnsafeBufferPointer({ self.slot(forKey: $0, labels, sample) }) else { return nil }
            slot = s
        }
        if seen[slot] != generation {
            seen[slot] = generation
            let base = slot * Self.fieldCount
            for f in 0..<Self.fieldCount { values[base + f] = .nan }
            values[base + TelemetryField.conditions.rawValue] = 0
            refreshOwner(slot, labels, sample)
        }
        return slot
    }

    /// The slot of an identity key, created on first sight (nil past `maxSeries`).
    private mutating func slot(forKey key: UnsafeBufferPointer<UInt8>, _ labels: IdentityLabels,
                               _ sample: ExpositionSample) -> Int? {
        let hash = ByteKeyTable.hash(key)
        if let found = identities.find(key, hash: hash) { return Int(found) }
        guard identities.count < Self.maxSeries else {
            record(sample.lineNumber, "more than \(Self.maxSeries) GPUs in one source; ignored")
            return nil
        }
        let slot = Int(identities.insert(key, hash: hash))
        series.append(newSeries(labels, sample))
        values.append(contentsOf: repeatElement(.nan, count: Self.fieldCount))
        seen.append(0)
        return slot
    }

    private func newSeries(_ labels: IdentityLabels, _ sample: ExpositionSample) -> SeriesInfo {
        let text = { (span: LabelSpan?) -> String? in span.flatMap(sample.labelValue).map(FeedText.clean) }
        let uuid = text(labels.uuid) ?? "\(text(labels.host) ?? defaultHost)/gpu\(text(labels.gpu) ?? "?")"
        return SeriesInfo(uuid: uuid, host: text(labels.host) ?? defaultHost,
                          index: text(labels.gpu).flatMap { Int($0) } ?? text(labels.index).flatMap { Int($0) },
                          model: text(labels.model) ?? "", migProfile: text(labels.instanceProfile),
                          migID: text(labels.instanceID).flatMap { Int($0) }, owner: nil, ownerHash: 0)
    }

    /// Re-reads the owner labels when they changed since the last scrape (a GPU moves between pods).
    private mutating func refreshOwner(_ slot: Int, _ labels: IdentityLabels, _ sample: ExpositionSample) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        if let pod = labels.pod { h = ByteKeyTable.hash(sample.rawValue(pod), seed: h) }
        h = h &* 31
        if let namespace = labels.namespace { h = ByteKeyTable.hash(sample.rawValue(namespace), seed: h) }
        h = h &* 31
        if let job = labels.hpcJob { h = ByteKeyTable.hash(sample.rawValue(job), seed: h) }
        guard h != series[slot].ownerHash else { return }
        series[slot].ownerHash = h
        let text = { (span: LabelSpan?) -> String? in
            span.flatMap(sample.labelValue).map(FeedText.clean).flatMap { $0.isEmpty ? nil : $0 }
        }
        if let pod = text(labels.pod) {
            series[slot].owner = text(labels.namespace).map { "\($0)/\(pod)" } ?? pod
        } else if let job = text(labels.hpcJob) {
            series[slot].owner = "job \(job)"
        } else {
            series[slot].owner = nil
        }
    }
}

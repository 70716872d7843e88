import FleetCore

/// Turns telemetry readings into fleet events against the state they apply to: the writer loop's, lent for each
/// update (`lending`), or the ingest's own (tests, benchmarks).
///
/// GPUs seen for the first time are added to the fleet (a new `fleetDefined` that keeps every known GPU's values);
/// owners, MIG layouts and XIDs are emitted only when they change, so a steady fleet costs one batch per update.
public struct TelemetryIngest {
    /// Pool that GPUs first seen in telemetry join.
    public static let observedPool = "observed"
    public static let liveCluster = Cluster(name: "live", region: "local")
    /// The state as the emitted events leave it.
    public private(set) var state: FleetState
    private var indexOfUUID: [String: Int32] = [:]
    /// GPUs of the last update left out because the fleet was full (a source whose UUIDs
    /// change on every scrape would otherwise grow the fleet without bound).
    public private(set) var refusedGPUs = 0
    /// The fleet `indexOfUUID` was built from; another feed may have redefined it since.
    private var indexedFleet: FleetSpec?

    /// Most GPUs the fleet may grow to from telemetry.
    private let maxFleetGPUs: Int

    /// An ingest continuing from `state` (the store's current state), growing the fleet to at most `maxFleetGPUs`.
    public init(state: FleetState, maxFleetGPUs: Int = InputLimits.maxFleetGPUs) {
        self.state = state
        self.maxFleetGPUs = maxFleetGPUs
        reindex()
    }

    /// The events for one update of a source taken at `at`; they are applied to the mirror as well.
    public mutating func events(for readings: [GPUReading], at: Double) -> [FleetEvent] {
        var events: [FleetEvent] = []
        refusedGPUs = 0
        if let spec = extendedFleet(with: readings) {
            apply(.fleetDefined(spec), to: &events)
            reindex()
        }
        var batch = TelemetryBatch(at: at, gpus: [], utilPercent: [], memoryUsedMiB: [], powerWatts: [], temperatureC: [])
        batch.gpus.reserveCapacity(readings.count)
        var owners: [GPUOwnerUpdate] = []
        var xids: [FleetEvent] = []
        var migs: [FleetEvent] = []
        for r in readings {
            guard let g = indexOfUUID[r.uuid] else { continue }
            batch.gpus.append(g)
            batch.utilPercent.append(Self.float(r.utilPercent))
            batch.memoryUsedMiB.append(Self.float(r.memoryUsedMiB))
            batch.powerWatts.append(Self.float(r.powerWatts))
            batch.temperatureC.append(Self.float(r.temperatureC))
            batch.smClockMHz.append(Self.float(r.smClockMHz))
            batch.memoryClockMHz.append(Self.float(r.memoryClockMHz))
            batch.conditions.append(r.conditions.rawValue)
            let gi = Int(g)
            let owner = r.owner ?? ""
            if owner != state.gpus.owner[gi] { owners.append(GPUOwnerUpdate(gpu: g, owner: owner)) }
            if let xid = r.lastXID, xid != 0, xid != Int(state.gpus.lastXID[gi]) {
                xids.append(.xid(gpu: g, code: xid, at: at))
            }
            let instances = r.migInstances.map {
                MIGInstance(profile: $0.profile, instanceID: $0.instanceID, owner: $0.owner ?? "",
                            utilPercent: Self.float($0.utilPercent), memoryUsedMiB: Self.float($0.memoryUsedMiB),
                            memoryTotalMiB: Self.float($0.memoryTotalMiB))
            }
            if !Self.same(instances, state.gpus.migInstances[g] ?? []) { migs.append(.migInstances(gpu: g, instances: instances)) }
        }
        if !owners.isEmpty { apply(.gpuOwners(owners), to: &events) }
        for e in migs { apply(e, to: &events) }
        apply(.telemetry(batch), to: &events)
        for e in xids { apply(e, to: &events) }
        return events
    }

    /// Runs `body` on this ingest over `state` (the writer loop's), moved in and back rather than copied.
    public mutating func lending<R>(_ state: inout FleetState, _ body: (inout TelemetryIngest) -> R) -> R {
        swap(&self.state, &state)
        defer { swap(&self.state, &state) }
        if self.state.fleet != indexedFleet { reindex() }
        return body(&self)
    }

    /// Applies an event that did not come from telemetry (clock, feed status) to the mirror.
    public mutating func note(_ event: FleetEvent) {
        state.apply(event)
        if case .fleetDefined = event { reindex() }
    }

    private mutating func apply(_ event: FleetEvent, to events: inout [FleetEvent]) {
        state.apply(event)
        events.append(event)
    }

    private mutating func reindex() {
        indexedFleet = state.fleet
        indexOfUUID.removeAll(keepingCapacity: true)
        for (g, u) in state.gpus.uuid.enumerated() { indexOfUUID[u] = Int32(g) }
    }

    /// The fleet with the readings' unknown GPUs added (new nodes join the observed pool), or nil if none is new.
    private mutating func extendedFleet(with readings: [GPUReading]) -> FleetSpec? {
        let unknown = readings.filter { indexOfUUID[$0.uuid] == nil }
        guard !unknown.isEmpty else { return nil }
        if state.gpus.count >= maxFleetGPUs {
            refusedGPUs = Set(unknown.map(\.uuid)).count
            return nil
        }
        var spec = state.fleet
        if spec.name.isEmpty { spec.name = "live" }
        if spec.clusters.isEmpty { spec.clusters.append(Self.liveCluster) }
        let pool: Int
        if let existing = spec.pools.firstIndex(where: { $0.name == Self.observedPool }) {
            pool = existing
        } else {
            spec.pools.append(Pool(name: Self.observedPool, cluster: 0, purchase: .onPrem))
            pool = spec.pools.count - 1
        }
        var nodeIndex = Dictionary(spec.nodes.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let ordered = unknown.sorted { ($0.host, $0.index ?? Int.max, $0.uuid) < ($1.host, $1.index ?? Int.max, $1.uuid) }
        var added = Set<String>()
        var room = max(0, maxFleetGPUs - state.gpus.count)
        for r in ordered where added.insert(r.uuid).inserted {
            guard room > 0 else { refusedGPUs += 1; continue }
            room -= 1
            let modelName = GPUModelName.canonical(r.model)
            let model: Int
            if let m = spec.models.firstIndex(where: { $0.name == modelName }) {
                model = m
            } else {
                spec.models.append(GPUModel(name: modelName, memoryMiB: r.memoryTotalMiB ?? 0, tdpWatts: 0))
                model = spec.models.count - 1
            }
            if let n = nodeIndex[r.host],
               let unclaimed = spec.nodes[n].gpuUUIDs.firstIndex(where: { $0.hasPrefix(r.host + "/gpu") }) {
                // A scheduler declared this node's GPUs without UUIDs (`host/gpuN`): a real UUID claims the first slot.
                spec.nodes[n].gpuUUIDs[unclaimed] = r.uuid
            } else if let n = nodeIndex[r.host] {
                spec.nodes[n].gpuUUIDs.append(r.uuid)
                spec.nodes[n].gpuCount = spec.nodes[n].gpuUUIDs.count
            } else {
                spec.nodes.append(NodeSpec(name: r.host, pool: pool, model: model, gpuCount: 1, zone: "", gpuUUIDs: [r.uuid]))
                nodeIndex[r.host] = spec.nodes.count - 1
            }
        }
        return spec
    }

    private static func float(_ v: Double?) -> Float { v.map(Float.init) ?? .nan }

    /// Whether two MIG layouts are the same, a missing (NaN) figure matching a missing one (`==` says NaN ≠ NaN).
    private static func same(_ a: [MIGInstance], _ b: [MIGInstance]) -> Bool {
        func same(_ x: Float, _ y: Float) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.profile == y.profile && x.instanceID == y.instanceID && x.owner == y.owner
                && same(x.utilPercent, y.utilPercent) && same(x.memoryUsedMiB, y.memoryUsedMiB)
                && same(x.memoryTotalMiB, y.memoryTotalMiB)
        }
    }
}

import FleetCore

/// The demo fleet: two clusters, four pools, three GPU models, nodes of 8 GPUs.
enum SimulatedFleetShape {
    static let models = [
        GPUModel(name: "H100", memoryMiB: 81_559, tdpWatts: 700),
        GPUModel(name: "A100", memoryMiB: 81_920, tdpWatts: 400),
        GPUModel(name: "L40S", memoryMiB: 46_068, tdpWatts: 350),
    ]
    static let clusters = [Cluster(name: "onprem-east", region: "us-east-1"),
                           Cluster(name: "cloud-west", region: "us-west-2")]
    static let pools = [
        Pool(name: "prod-inference", cluster: 0, purchase: .onPrem),
        Pool(name: "shared-training", cluster: 0, purchase: .onPrem),
        Pool(name: "cloud-burst", cluster: 1, purchase: .onDemand),
        Pool(name: "spot", cluster: 1, purchase: .spot),
    ]
    /// (pool, model, share of the fleet, name prefix)
    static let layout: [(pool: Int, model: Int, share: Double, prefix: String)] = [
        (0, 0, 0.09375, "inf-h100"), (0, 2, 0.09375, "inf-l40s"),
        (1, 0, 0.25, "trn-h100"), (1, 1, 0.25, "trn-a100"),
        (2, 0, 0.1875, "bur-h100"),
        (3, 1, 0.0625, "spt-a100"), (3, 2, 0.0625, "spt-l40s"),
    ]
    static let gpusPerNode = 8

    static func spec(config: SimulatorConfig) -> FleetSpec {
        let totalNodes = max(layout.count, config.gpuCount / gpusPerNode)
        var counts = layout.map { max(1, Int((Double(totalNodes) * $0.share).rounded(.down))) }
        counts[3] += totalNodes - counts.reduce(0, +)  // Rounding remainder goes to the big A100 group.
        var nodes: [NodeSpec] = []
        var rng = SimRandom(seed: config.seed, stream: 0xF1EE7, index: 0)
        for (group, count) in counts.enumerated() {
            let g = layout[group]
            for n in 0..<count {
                let name = "\(g.prefix)-\(pad3(n + 1))"
                let zone = clusters[pools[g.pool].cluster].region + ["a", "b", "c"][n % 3]
                let uuids = (0..<gpusPerNode).map { _ in uuid(&rng) }
                nodes.append(NodeSpec(name: name, pool: g.pool, model: g.model, gpuCount: gpusPerNode, zone: zone,
                                      gpuUUIDs: uuids))
            }
        }
        return FleetSpec(name: "sim-fleet", clusters: clusters, pools: pools, models: models, nodes: nodes)
    }

    private static func pad3(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 3 ? s : String(repeating: "0", count: 3 - s.count) + s
    }

    private static func uuid(_ rng: inout SimRandom) -> String {
        let hex = Array("0123456789abcdef")
        var s = "GPU-"
        for i in 0..<32 {
            if [8, 12, 16, 20].contains(i) { s.append("-") }
            s.append(hex[Int(rng.next() & 15)])
        }
        return s
    }
}

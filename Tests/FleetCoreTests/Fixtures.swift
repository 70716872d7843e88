import FleetCore

/// A tiny fleet: one cluster, one on-prem pool of 2 H100 nodes × 2 GPUs at $2/h, two teams.
enum Fixture {
    static let t0 = 1_793_577_600.0  // 2026-11-02 00:00 UTC

    static func state() -> FleetState {
        var s = FleetState()
        s.apply(.clock(at: t0))
        s.apply(.fleetDefined(FleetSpec(
            name: "tiny", clusters: [Cluster(name: "c", region: "r")],
            pools: [Pool(name: "p", cluster: 0, purchase: .onPrem)],
            models: [GPUModel(name: "H100", memoryMiB: 80_000, tdpWatts: 700)],
            nodes: [NodeSpec(name: "n1", pool: 0, model: 0, gpuCount: 2, zone: "z", gpuUUIDs: ["GPU-a", "GPU-b"]),
                    NodeSpec(name: "n2", pool: 0, model: 0, gpuCount: 2, zone: "z", gpuUUIDs: ["GPU-c", "GPU-d"])])))
        s.apply(.orgDefined(OrgSpec(name: "o", departments: [Department(name: "d", costCenter: "cc")], teams: [
            Team(name: "nlp", department: 0, costCenter: "cc", quotaGPUs: 2, borrowingLimitGPUs: 1, monthlyBudget: 1000, projects: []),
            Team(name: "vision", department: 0, costCenter: "cc", quotaGPUs: 2, borrowingLimitGPUs: 0, monthlyBudget: 1000, projects: []),
        ])))
        s.apply(.policyDefined(PolicySpec(source: "test", priorityClasses: PolicySpec.defaultPriorityClasses,
                                          prices: [Price(model: "H100", purchase: .onPrem, region: "r", dollarsPerGPUHour: 2)])))
        return s
    }

    static func submit(_ id: String, team: String = "nlp", cls: String = "training", gpus: Int, at: Double) -> FleetEvent {
        .jobSubmitted(JobSubmission(id: id, name: id, team: team, project: "x", priorityClass: cls, gpus: gpus,
                                    gpuModel: nil, submittedAt: at))
    }

    static func telemetry(at: Double, util: [Float]) -> FleetEvent {
        .telemetry(TelemetryBatch(at: at, gpus: util.indices.map(Int32.init), utilPercent: util,
                                  memoryUsedMiB: util.map { _ in 1000 }, powerWatts: util.map { _ in 100 },
                                  temperatureC: util.map { _ in 40 }))
    }
}

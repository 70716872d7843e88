@testable import FleetCore
import Testing
@testable import FleetFeeds

@Suite struct TelemetryIngestTests {
    static let t0 = 1_793_577_600.0

    static func reading(_ uuid: String, _ host: String, _ index: Int, model: String = "NVIDIA H100 80GB HBM3",
                        util: Double? = 50, owner: String? = nil, xid: Int? = nil, conditions: GPUConditionFlags = [],
                        mig: [MIGReading] = []) -> GPUReading {
        var r = GPUReading(uuid: uuid, host: host, index: index, model: model)
        r.utilPercent = util
        r.memoryUsedMiB = 1000
        r.memoryTotalMiB = 81_559
        r.powerWatts = 300
        r.temperatureC = 50
        r.smClockMHz = 1980
        r.owner = owner
        r.lastXID = xid
        r.conditions = conditions
        r.migInstances = mig
        return r
    }

    static func count(_ events: [FleetEvent], _ kind: (FleetEvent) -> Bool) -> Int { events.filter(kind).count }
    static func isOwners(_ e: FleetEvent) -> Bool { if case .gpuOwners = e { true } else { false } }
    static func isFleet(_ e: FleetEvent) -> Bool { if case .fleetDefined = e { true } else { false } }
    static func isXID(_ e: FleetEvent) -> Bool { if case .xid = e { true } else { false } }
    static func isMIG(_ e: FleetEvent) -> Bool { if case .migInstances = e { true } else { false } }

    @Test func modelNamesAreCanonicalised() {
        #expect(GPUModelName.canonical("NVIDIA H100 80GB HBM3") == "H100")
        #expect(GPUModelName.canonical("H100-SXM5-80GB") == "H100")
        #expect(GPUModelName.canonical("Tesla T4") == "T4")
        #expect(GPUModelName.canonical("NVIDIA GeForce RTX 4080 SUPER") == "GeForce RTX 4080 SUPER")
        #expect(GPUModelName.canonical("NVIDIA A100-SXM4-80GB") == "A100")
        #expect(GPUModelName.canonical("NVIDIA L40S") == "L40S" && GPUModelName.canonical("NVIDIA L4") == "L4")
        #expect(GPUModelName.canonical("NVIDIA GH200 480GB") == "GH200")
        #expect(GPUModelName.canonical("NVIDIA RTX A6000") == "RTX A6000")
        #expect(GPUModelName.canonical("") == "unknown")
    }

    @Test("a source whose UUIDs change on every scrape stops growing the fleet at the cap, and says how many it left out")
    func fleetGrowthIsCapped() throws {
        var ingest = TelemetryIngest(state: FleetState(), maxFleetGPUs: 3)
        let first = ingest.events(for: (0..<2).map { Self.reading("GPU-a\($0)", "a", $0) }, at: Self.t0)
        #expect(Self.count(first, Self.isFleet) == 1 && ingest.refusedGPUs == 0)
        let second = ingest.events(for: (0..<4).map { Self.reading("GPU-b\($0)", "b", $0) }, at: Self.t0 + 30)
        #expect(ingest.state.gpus.uuid == ["GPU-a0", "GPU-a1", "GPU-b0"])
        #expect(ingest.refusedGPUs == 3)
        guard case .telemetry(let batch) = second.last else { Issue.record("no telemetry batch"); return }
        #expect(batch.gpus == [2])
        let third = ingest.events(for: [Self.reading("GPU-c0", "c", 0), Self.reading("GPU-c0", "c", 0), Self.reading("GPU-a0", "a", 0)], at: Self.t0 + 60)
        #expect(Self.count(third, Self.isFleet) == 0 && ingest.refusedGPUs == 1 && ingest.state.gpus.count == 3)
        _ = ingest.events(for: [Self.reading("GPU-a0", "a", 0)], at: Self.t0 + 90)
        #expect(ingest.refusedGPUs == 0)
    }

    @Test func firstReadingsDefineTheFleet() throws {
        var ingest = TelemetryIngest(state: FleetState())
        let events = ingest.events(for: [
            Self.reading("GPU-ws", "ws", 0, model: "NVIDIA GeForce RTX 4080 SUPER", util: 5),
            Self.reading("GPU-b1", "node-b", 1, util: 71),
            Self.reading("GPU-b0", "node-b", 0, util: 70),
            Self.reading("GPU-a0", "node-a", 0, model: "Tesla T4", util: 12.5),
        ], at: Self.t0)
        #expect(events.count == 2 && Self.count(events, Self.isFleet) == 1)
        guard case .fleetDefined(let spec) = events[0] else { Issue.record("no fleet definition first"); return }
        #expect(spec.name == "live" && spec.clusters == [TelemetryIngest.liveCluster])
        #expect(spec.pools == [Pool(name: "observed", cluster: 0, purchase: .onPrem)])
        #expect(spec.models.map(\.name) == ["T4", "H100", "GeForce RTX 4080 SUPER"])
        #expect(spec.models.map(\.memoryMiB) == [81_559, 81_559, 81_559])
        #expect(spec.nodes.map(\.name) == ["node-a", "node-b", "ws"])
        #expect(spec.nodes.map(\.model) == [0, 1, 2] && spec.nodes.map(\.pool) == [0, 0, 0])
        #expect(spec.nodes.map(\.gpuUUIDs) == [["GPU-a0"], ["GPU-b0", "GPU-b1"], ["GPU-ws"]])
        #expect(spec.nodes.map(\.gpuCount) == [1, 2, 1])
        let s = ingest.state
        #expect(s.gpus.uuid == ["GPU-a0", "GPU-b0", "GPU-b1", "GPU-ws"])
        #expect(s.gpus.node == [0, 1, 1, 2])
        #expect(s.gpus.utilPercent == [12.5, 70, 71, 5])
        #expect(s.gpus.smClockMHz == [1980, 1980, 1980, 1980] && s.gpus.sampledAt == [Self.t0, Self.t0, Self.t0, Self.t0])
        #expect(s.nodes.map(\.state) == [.up, .up, .up])
        // The same GPUs again: no new definition, just the batch.
        let again = ingest.events(for: [Self.reading("GPU-b0", "node-b", 0, util: 1)], at: Self.t0 + 30)
        #expect(again.count == 1)
        guard case .telemetry(let batch) = again.first else { Issue.record("no batch"); return }
        #expect(batch.gpus == [1] && batch.utilPercent == [1] && batch.at == Self.t0 + 30)
    }

    @Test func newGPUOnAKnownHostKeepsOldValuesHistoryAndOwners() throws {
        var ingest = TelemetryIngest(state: FleetState())
        _ = ingest.events(for: [Self.reading("GPU-a0", "node-a", 0, util: 10, owner: "ns/p"),
                                Self.reading("GPU-a1", "node-a", 1, util: 20),
                                Self.reading("GPU-b0", "node-b", 0, util: 30, owner: "job 9")], at: Self.t0)
        _ = ingest.events(for: [Self.reading("GPU-a0", "node-a", 0, util: 11, owner: "ns/p"),
                                Self.reading("GPU-a1", "node-a", 1, util: 21),
                                Self.reading("GPU-b0", "node-b", 0, util: 31, owner: "job 9")], at: Self.t0 + 30)
        let events = ingest.events(for: [Self.reading("GPU-a2", "node-a", 2, util: 50)], at: Self.t0 + 60)
        #expect(events.count == 2 && Self.count(events, Self.isFleet) == 1 && Self.count(events, Self.isOwners) == 0)
        let s = ingest.state
        #expect(s.gpus.uuid == ["GPU-a0", "GPU-a1", "GPU-a2", "GPU-b0"])
        #expect(s.fleet.nodes.map(\.gpuUUIDs) == [["GPU-a0", "GPU-a1", "GPU-a2"], ["GPU-b0"]])
        #expect(s.nodes.map(\.gpuCount) == [3, 1] && s.nodes.map(\.firstGPU) == [0, 3])
        #expect(s.gpus.utilPercent == [11, 21, 50, 31])
        #expect(s.gpus.owner == ["ns/p", "", "", "job 9"])
        #expect(s.gpus.sampledAt == [Self.t0 + 30, Self.t0 + 30, Self.t0 + 60, Self.t0 + 30])
        #expect(s.history.utilization(gpu: 0) == [10, 11])
        #expect(s.history.utilization(gpu: 2) == [50])
        #expect(s.history.utilization(gpu: 3) == [30, 31])
        let later = ingest.events(for: [Self.reading("GPU-b0", "node-b", 0, util: 32, owner: "job 9")], at: Self.t0 + 90)
        #expect(later.count == 1)
        #expect(ingest.state.history.utilization(gpu: 3) == [30, 31, 32])
    }

    @Test func ownerChangesEmitOneEventUnchangedOwnersNone() throws {
        var ingest = TelemetryIngest(state: FleetState())
        let first = ingest.events(for: [Self.reading("GPU-0", "h", 0, owner: "ns/p"), Self.reading("GPU-1", "h", 1)], at: Self.t0)
        #expect(first.filter(Self.isOwners) == [.gpuOwners([GPUOwnerUpdate(gpu: 0, owner: "ns/p")])])
        let same = ingest.events(for: [Self.reading("GPU-0", "h", 0, owner: "ns/p"), Self.reading("GPU-1", "h", 1)], at: Self.t0 + 30)
        #expect(Self.count(same, Self.isOwners) == 0)
        let moved = ingest.events(for: [Self.reading("GPU-0", "h", 0, owner: "ns/q"), Self.reading("GPU-1", "h", 1, owner: "job 5")],
                                  at: Self.t0 + 60)
        #expect(moved.filter(Self.isOwners) == [.gpuOwners([GPUOwnerUpdate(gpu: 0, owner: "ns/q"), GPUOwnerUpdate(gpu: 1, owner: "job 5")])])
        let released = ingest.events(for: [Self.reading("GPU-0", "h", 0), Self.reading("GPU-1", "h", 1, owner: "job 5")], at: Self.t0 + 90)
        #expect(released.filter(Self.isOwners) == [.gpuOwners([GPUOwnerUpdate(gpu: 0, owner: "")])])
        #expect(ingest.state.gpus.owner == ["", "job 5"])
    }

    @Test func xidIsEmittedOncePerChangeAndItsHealthIsSticky() throws {
        var ingest = TelemetryIngest(state: FleetState())
        let r = { (xid: Int?, c: GPUConditionFlags) in [Self.reading("GPU-0", "h", 0, xid: xid, conditions: c), Self.reading("GPU-1", "h", 1, xid: 0)] }
        let first = ingest.events(for: r(79, []), at: Self.t0)
        #expect(first.filter(Self.isXID) == [.xid(gpu: 0, code: 79, at: Self.t0)])
        #expect(ingest.state.recentXIDs == [XIDRecord(gpu: 0, code: 79, at: Self.t0)])
        #expect(ingest.state.gpus.health == [.failing, .healthy] && ingest.state.gpus.lastXID == [79, 0])
        #expect(Self.count(ingest.events(for: r(79, []), at: Self.t0 + 30), Self.isXID) == 0)
        #expect(ingest.state.recentXIDs.count == 1)
        let next = ingest.events(for: r(13, [.thermalThrottle]), at: Self.t0 + 60)
        #expect(next.filter(Self.isXID) == [.xid(gpu: 0, code: 13, at: Self.t0 + 60)])
        #expect(ingest.state.gpus.health[0] == .failing && ingest.state.recentXIDs.map(\.code) == [79, 13])
        _ = ingest.events(for: r(13, []), at: Self.t0 + 90)
        #expect(ingest.state.gpus.health[0] == .failing && ingest.state.gpus.xidHealth[0] == .failing)
        ingest.note(.nodeState(node: 0, state: .down, reason: "XID 79", at: Self.t0 + 100))
        ingest.note(.nodeState(node: 0, state: .up, reason: "", at: Self.t0 + 200))
        #expect(ingest.state.gpus.health == [.healthy, .healthy])
        #expect(Self.count(ingest.events(for: r(13, []), at: Self.t0 + 230), Self.isXID) == 0)
        #expect(ingest.state.gpus.health[0] == .healthy)
    }

    @Test func conditionsOnlyDegradationClearsWithTheFlag() {
        var ingest = TelemetryIngest(state: FleetState())
        _ = ingest.events(for: [Self.reading("GPU-0", "h", 0, conditions: [.thermalThrottle]),
                                Self.reading("GPU-1", "h", 1, conditions: [.rowRemapFailure])], at: Self.t0)
        #expect(ingest.state.gpus.health == [.degraded, .failing])
        #expect(ingest.state.gpus.conditions == [[.thermalThrottle], [.rowRemapFailure]])
        _ = ingest.events(for: [Self.reading("GPU-0", "h", 0), Self.reading("GPU-1", "h", 1)], at: Self.t0 + 30)
        #expect(ingest.state.gpus.health == [.healthy, .healthy] && ingest.state.gpus.conditions == [[], []])
    }

    @Test func ownedGPUUnderThePolicyThresholdBecomesIdle() {
        var ingest = TelemetryIngest(state: FleetState())
        ingest.note(.policyDefined(PolicySpec(source: "t", priorityClasses: [], prices: [], idleThresholdPercent: 10)))
        let step = { (ingest: inout TelemetryIngest, at: Double, util: Double, owner: String?) in
            _ = ingest.events(for: [Self.reading("GPU-0", "h", 0, util: util, owner: owner), Self.reading("GPU-1", "h", 1, util: 0)], at: at)
        }
        step(&ingest, Self.t0, 7, "ns/p")  // 7 % is idle under the policy's 10 % (not under the default 5 %).
        #expect(ingest.state.gpus.idleSince[0] == Self.t0)
        #expect(ingest.state.gpus.idleSince[1].isNaN)  // Unowned GPUs are never idle-allocated.
        step(&ingest, Self.t0 + 30, 3, "ns/p")
        #expect(ingest.state.gpus.idleSince[0] == Self.t0)
        step(&ingest, Self.t0 + 60, 50, "ns/p")
        #expect(ingest.state.gpus.idleSince[0].isNaN)
        step(&ingest, Self.t0 + 90, 2, "ns/p")
        #expect(ingest.state.gpus.idleSince[0] == Self.t0 + 90)
        step(&ingest, Self.t0 + 120, 2, nil)
        #expect(ingest.state.gpus.idleSince[0].isNaN)
    }

    @Test func unchangedMIGLayoutIsNotReEmittedEvenWithMissingValues() {
        var a = MIGReading(profile: "3g.40gb", instanceID: 1)
        a.owner = "ns/a"
        a.utilPercent = 40
        let b = MIGReading(profile: "4g.40gb", instanceID: 2)  // No figures at all (NaN in the state).
        var ingest = TelemetryIngest(state: FleetState())
        let first = ingest.events(for: [Self.reading("GPU-m", "h", 0, mig: [a, b])], at: Self.t0)
        #expect(Self.count(first, Self.isMIG) == 1)
        #expect(ingest.state.gpus.migInstances[0]?.map(\.instanceID) == [1, 2])
        let second = ingest.events(for: [Self.reading("GPU-m", "h", 0, mig: [a, b])], at: Self.t0 + 30)
        #expect(Self.count(second, Self.isMIG) == 0)
        a.utilPercent = 41
        let third = ingest.events(for: [Self.reading("GPU-m", "h", 0, mig: [a, b])], at: Self.t0 + 60)
        #expect(Self.count(third, Self.isMIG) == 1)
        let off = ingest.events(for: [Self.reading("GPU-m", "h", 0)], at: Self.t0 + 90)
        #expect(off.filter(Self.isMIG) == [.migInstances(gpu: 0, instances: [])] && ingest.state.gpus.migInstances[0] == nil)
    }

    @Test func replayingTheEmittedEventsGivesTheMirror() throws {
        var ingest = TelemetryIngest(state: FleetState())
        var log: [FleetEvent] = []
        var mig = MIGReading(profile: "1g.10gb", instanceID: 3)
        mig.owner = "ns/m"
        mig.utilPercent = 12
        mig.memoryUsedMiB = 100
        mig.memoryTotalMiB = 9000
        let updates: [[GPUReading]] = [
            [Self.reading("GPU-a0", "a", 0, util: 10, owner: "ns/p"), Self.reading("GPU-b0", "b", 0, util: nil)],
            [Self.reading("GPU-a0", "a", 0, util: 20, owner: "ns/q", xid: 79), Self.reading("GPU-b0", "b", 0, util: 3, owner: "job 1")],
            [Self.reading("GPU-a1", "a", 1, util: 1, mig: [mig]), Self.reading("GPU-b0", "b", 0, util: 4, owner: "job 1", conditions: [.powerBrake])],
            [Self.reading("GPU-c0", "c", 0, model: "Tesla T4", util: 99), Self.reading("GPU-a0", "a", 0, util: 5, xid: 13)],
        ]
        for (k, readings) in updates.enumerated() {
            if k == 2 {
                let e = FleetEvent.policyDefined(PolicySpec(source: "t", priorityClasses: [], prices: []))
                ingest.note(e)
                log.append(e)
            }
            log += ingest.events(for: readings, at: Self.t0 + Double(k) * 30)
        }
        var replayed = FleetState()
        replayed.apply(log)
        let m = ingest.state.gpus, r = replayed.gpus
        #expect(r.uuid == m.uuid && m.uuid == ["GPU-a0", "GPU-a1", "GPU-b0", "GPU-c0"])
        #expect(r.utilPercent.map(\.bitPattern) == m.utilPercent.map(\.bitPattern))
        #expect(m.utilPercent.map { $0.isNaN ? -1 : $0 } == [5, 1, 4, 99])
        #expect(r.owner == m.owner)
        #expect(m.owner == ["", "", "job 1", ""])
        #expect(r.health == m.health && m.health == [.failing, .healthy, .degraded, .healthy])
        #expect(r.lastXID == m.lastXID && r.idleSince.map(\.bitPattern) == m.idleSince.map(\.bitPattern))
        #expect(r.migInstances == m.migInstances && m.migInstances[1]?.first?.owner == "ns/m")
        #expect(replayed.recentXIDs == ingest.state.recentXIDs && replayed.recentXIDs.map(\.code) == [79, 13])
        #expect(replayed.fleet == ingest.state.fleet && replayed.now == ingest.state.now)
        #expect((0..<4).allSatisfy { replayed.history.utilization(gpu: $0) == ingest.state.history.utilization(gpu: $0) })
    }
}

import FleetCore

/// Node failures, drains, repairs and XID errors.
struct SimHardware {
    let config: SimulatorConfig
    /// Per node per hour.
    static let nodeFailureRate = 0.0025
    static let maintenanceRate = 0.002
    /// Per GPU per hour.
    static let appXIDRate = 0.004, degradeXIDRate = 0.0003, failXIDRate = 0.0002

    func step(_ state: inout FleetState, at t: Double, rng: inout SimRandom, sink: inout EventSink) {
        repairAndAdvance(&state, at: t, sink: &sink)
        let hours = config.tickSeconds / 3600
        let nodeCount = state.nodes.count, gpuCount = state.gpus.count
        guard nodeCount > 0, gpuCount > 0 else { return }
        for _ in 0..<rng.poisson(Self.nodeFailureRate * hours * Double(nodeCount)) {
            let n = rng.int(in: 0...(nodeCount - 1))
            guard state.nodes[n].state == .up else { continue }
            let g = state.nodes[n].firstGPU + rng.int(in: 0...(state.nodes[n].gpuCount - 1))
            sink.emit(.xid(gpu: Int32(g), code: 79, at: t), into: &state)
            failJobs(onNode: n, &state, at: t, outcome: .failed, sink: &sink)
            sink.emit(.nodeState(node: Int32(n), state: .down, reason: "XID 79 on \(state.gpus.uuid[g].prefix(12))", at: t),
                      into: &state)
        }
        for _ in 0..<rng.poisson(Self.maintenanceRate * hours * Double(nodeCount)) {
            let n = rng.int(in: 0...(nodeCount - 1))
            guard state.nodes[n].state == .up else { continue }
            sink.emit(.nodeState(node: Int32(n), state: .drain, reason: "maintenance: firmware update", at: t), into: &state)
        }
        for _ in 0..<rng.poisson(Self.appXIDRate * hours * Double(gpuCount)) {
            let g = rng.int(in: 0...(gpuCount - 1))
            guard state.gpus.allocatedSlot[g] >= 0 else { continue }
            sink.emit(.xid(gpu: Int32(g), code: [13, 31, 43][rng.int(in: 0...2)], at: t), into: &state)
        }
        for (rate, codes) in [(Self.degradeXIDRate, [63, 92, 94]), (Self.failXIDRate, [48, 74, 95])] {
            for _ in 0..<rng.poisson(rate * hours * Double(gpuCount)) {
                let g = rng.int(in: 0...(gpuCount - 1))
                let n = Int(state.gpus.node[g])
                guard state.nodes[n].state == .up else { continue }
                let code = codes[rng.int(in: 0...2)]
                sink.emit(.xid(gpu: Int32(g), code: code, at: t), into: &state)
                if XIDCatalog.health(for: code) == .failing {
                    sink.emit(.nodeState(node: Int32(n), state: .drain, reason: "XID \(code) on GPU \(g - state.nodes[n].firstGPU)",
                                         at: t), into: &state)
                }
            }
        }
    }

    /// Drained nodes return after maintenance or go down for repair; down nodes come back repaired.
    private func repairAndAdvance(_ state: inout FleetState, at t: Double, sink: inout EventSink) {
        for n in state.nodes.indices {
            let node = state.nodes[n]
            let age = t - node.stateSince
            switch node.state {
            case .up:
                // A GPU degraded for four hours gets its node drained for a reset.
                for g in node.firstGPU..<(node.firstGPU + node.gpuCount)
                where state.gpus.health[g] == .degraded && t - state.gpus.lastXIDAt[g] >= 4 * 3600 {
                    sink.emit(.nodeState(node: Int32(n), state: .drain,
                                         reason: "XID \(state.gpus.lastXID[g]) on GPU \(g - node.firstGPU): reset pending", at: t),
                              into: &state)
                    break
                }
            case .drain where node.reason.hasPrefix("XID") && age >= 5400:
                failJobs(onNode: n, &state, at: t, outcome: .preempted, sink: &sink)
                sink.emit(.nodeState(node: Int32(n), state: .down, reason: "GPU replacement", at: t), into: &state)
            case .drain where !node.reason.hasPrefix("XID") && age >= 3600:
                sink.emit(.nodeState(node: Int32(n), state: .up, reason: "", at: t), into: &state)
            case .down where age >= 7200:
                sink.emit(.nodeState(node: Int32(n), state: .up, reason: "", at: t), into: &state)
            default: continue
            }
        }
    }

    private func failJobs(onNode n: Int, _ state: inout FleetState, at t: Double, outcome: JobOutcome, sink: inout EventSink) {
        let node = state.nodes[n]
        var ids: [String] = []
        for g in node.firstGPU..<(node.firstGPU + node.gpuCount) {
            let slot = Int(state.gpus.allocatedSlot[g])
            if slot >= 0, let job = state.jobSlots[slot], !ids.contains(job.id) { ids.append(job.id) }
        }
        for id in ids { sink.emit(.jobEnded(id: id, at: t, outcome: outcome), into: &state) }
    }
}

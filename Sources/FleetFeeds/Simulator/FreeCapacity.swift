import FleetCore

/// Free, healthy GPUs per node, with per (pool, model) totals so a full fleet rejects jobs in O(1).
struct FreeCapacity {
    private var freeGPUs: [[Int32]]
    private var nodesByGroup: [Int: [Int]] = [:]
    private var freeByGroup: [Int: Int] = [:]
    private let modelCount: Int

    init(_ state: FleetState) {
        modelCount = max(1, state.fleet.models.count)
        freeGPUs = Array(repeating: [], count: state.nodes.count)
        for (n, node) in state.nodes.enumerated() {
            let group = node.pool * modelCount + node.model
            nodesByGroup[group, default: []].append(n)
            guard node.state == .up else { continue }
            for g in node.firstGPU..<(node.firstGPU + node.gpuCount)
            where state.gpus.allocatedSlot[g] < 0 && state.gpus.health[g] != .failing {
                freeGPUs[n].append(Int32(g))
            }
            freeByGroup[group, default: 0] += freeGPUs[n].count
        }
    }

    /// Takes GPUs for a job: a best-fit single node when it fits on one, else whole free nodes; nil if impossible now.
    mutating func place(gpus: Int, model: String?, pools: [Int], _ state: FleetState) -> [Int32]? {
        let models = state.fleet.models.indices.filter { model == nil || state.fleet.models[$0].name == model }
        for pool in pools {
            for m in models {
                let group = pool * modelCount + m
                guard freeByGroup[group, default: 0] >= gpus, let nodes = nodesByGroup[group] else { continue }
                if let taken = take(gpus, from: nodes) {
                    freeByGroup[group, default: 0] -= gpus
                    return taken
                }
            }
        }
        return nil
    }

    private mutating func take(_ gpus: Int, from nodes: [Int]) -> [Int32]? {
        var best: Int?
        for n in nodes where freeGPUs[n].count >= gpus {
            if best.map({ freeGPUs[n].count < freeGPUs[$0].count }) ?? true { best = n }
            if freeGPUs[n].count == gpus { break }
        }
        if let best {
            let taken = Array(freeGPUs[best].suffix(gpus))
            freeGPUs[best].removeLast(gpus)
            return taken
        }
        // Multi-node gang: whole empty nodes only, so ranks don't share a node with other jobs.
        let whole = nodes.filter { !freeGPUs[$0].isEmpty && freeGPUs[$0].count == 8 }
        guard whole.count * 8 >= gpus else { return nil }
        var taken: [Int32] = []
        for n in whole where taken.count < gpus {
            taken += freeGPUs[n]
            freeGPUs[n] = []
        }
        return taken
    }
}

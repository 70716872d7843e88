import FleetCore
import Foundation

/// Per-GPU utilisation, memory, power and temperature that follow each job's character.
struct SimTelemetry {
    let workload: SimulatedWorkload

    /// One DCGM-style scrape of every GPU on nodes that are not down (down nodes report nothing).
    func sample(_ state: FleetState, at t: Double, rng: inout SimRandom) -> TelemetryBatch {
        var batch = TelemetryBatch(at: t, gpus: [], utilPercent: [], memoryUsedMiB: [], powerWatts: [], temperatureC: [])
        batch.gpus.reserveCapacity(state.gpus.count)
        var fates: [Int32: (util: Double, idles: Bool, memShare: Double)] = [:]
        let when = UTCCalendar.components(t)
        let daily = 0.6 + 0.4 * max(0, sin(Double.pi * (Double(when.hour) - 6) / 14))
        for node in state.nodes where node.state != .down {
            let model = state.fleet.models[node.model]
            for g in node.firstGPU..<(node.firstGPU + node.gpuCount) {
                let slot = state.gpus.allocatedSlot[g]
                var util = 0.0, memShare = 0.006
                if slot >= 0, let job = state.jobSlots[Int(slot)] {
                    let f = fates[slot] ?? {
                        let fate = workload.fate(of: job)
                        return (fate.utilBase * (job.priorityClass == 0 ? daily : 1), fate.idles, fate.memoryShare)
                    }()
                    fates[slot] = f
                    util = f.idles ? 3 * rng.unit() : min(100, max(0, f.util + 6 * rng.normal()))
                    memShare = f.memShare
                }
                batch.gpus.append(Int32(g))
                batch.utilPercent.append(Float(util.rounded()))
                batch.memoryUsedMiB.append(Float((model.memoryMiB * memShare).rounded()))
                batch.powerWatts.append(Float((model.tdpWatts * (0.09 + 0.85 * util / 100) + 4 * rng.normal()).rounded()))
                batch.temperatureC.append(Float((31 + 0.45 * util + 1.5 * rng.normal()).rounded()))
            }
        }
        return batch
    }
}

import FleetCore
import Foundation

/// How much telemetry a simulated tick samples.
public enum SimulatedTelemetryDetail: Sendable {
    /// Every GPU on a node that is not down, as a DCGM scrape would.
    case everyGPU
    /// Only the GPUs of jobs that idle: all a fast-forward needs when later ticks overwrite every other reading
    /// (the idle clocks start at a job's first idle sample, so those samples cannot be skipped).
    case idleJobsOnly
}

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
                // A job's fate once per job, not per GPU, and without copying the job out.
                if slot >= 0, let f = fates[slot] ?? jobFate(slot: Int(slot), state, daily: daily) {
                    fates[slot] = f
                    util = f.idles ? Self.idleUtil(&rng) : min(100, max(0, f.util + 6 * rng.normal()))
                    memShare = f.memShare
                }
                Self.append(gpu: g, util: util, memShare: memShare, model: model, to: &batch, rng: &rng)
            }
        }
        return batch
    }

    /// The readings of the GPUs that idling jobs hold on nodes that are not down, as `sample` would give them.
    func sampleIdleJobs(_ state: FleetState, at t: Double, rng: inout SimRandom) -> TelemetryBatch {
        var batch = TelemetryBatch(at: t, gpus: [], utilPercent: [], memoryUsedMiB: [], powerWatts: [], temperatureC: [])
        for slot in state.jobSlots.indices {
            // Fields read in place: only idling jobs' GPUs are copied out.
            guard state.jobSlots[slot]?.state == .running, let id = state.jobSlots[slot]?.id,
                  let jobClass = state.jobSlots[slot]?.priorityClass else { continue }
            let fate = workload.fate(id: id, priorityClass: jobClass)
            guard fate.idles, let gpus = state.jobSlots[slot]?.gpuIndices else { continue }
            for gpu in gpus {
                let g = Int(gpu)
                guard g >= 0, g < state.gpus.count else { continue }
                let node = state.nodes[Int(state.gpus.node[g])]
                guard node.state != .down else { continue }
                Self.append(gpu: g, util: Self.idleUtil(&rng), memShare: fate.memoryShare,
                            model: state.fleet.models[node.model], to: &batch, rng: &rng)
            }
        }
        return batch
    }

    /// The fate `sample` draws the GPUs of the job in `slot` from; nil for a free slot.
    private func jobFate(slot: Int, _ state: FleetState, daily: Double) -> (util: Double, idles: Bool, memShare: Double)? {
        guard let id = state.jobSlots[slot]?.id, let jobClass = state.jobSlots[slot]?.priorityClass else { return nil }
        let fate = workload.fate(id: id, priorityClass: jobClass)
        return (fate.utilBase * (jobClass == 0 ? daily : 1), fate.idles, fate.memoryShare)
    }

    private static func idleUtil(_ rng: inout SimRandom) -> Double { 3 * rng.unit() }

    private static func append(gpu g: Int, util: Double, memShare: Double, model: GPUModel, to batch: inout TelemetryBatch,
                               rng: inout SimRandom) {
        batch.gpus.append(Int32(g))
        batch.utilPercent.append(Float(util.rounded()))
        batch.memoryUsedMiB.append(Float((model.memoryMiB * memShare).rounded()))
        batch.powerWatts.append(Float((model.tdpWatts * (0.09 + 0.85 * util / 100) + 4 * rng.normal()).rounded()))
        batch.temperatureC.append(Float((31 + 0.45 * util + 1.5 * rng.normal()).rounded()))
    }
}

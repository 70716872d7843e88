extension FleetState {
    mutating func record(_ batch: TelemetryBatch) {
        advance(to: batch.at)
        let threshold = Float(policy?.idleThresholdPercent ?? 5)
        let n = min(batch.gpus.count, batch.utilPercent.count, batch.memoryUsedMiB.count, batch.powerWatts.count,
                    batch.temperatureC.count)
        for k in 0..<n {
            let g = Int(batch.gpus[k])
            guard g >= 0, g < gpus.count else { continue }
            let util = batch.utilPercent[k]
            gpus.utilPercent[g] = util
            gpus.memoryUsedMiB[g] = batch.memoryUsedMiB[k]
            gpus.powerWatts[g] = batch.powerWatts[k]
            gpus.temperatureC[g] = batch.temperatureC[k]
            gpus.sampledAt[g] = batch.at
            if k < batch.smClockMHz.count { gpus.smClockMHz[g] = batch.smClockMHz[k] }
            if k < batch.memoryClockMHz.count { gpus.memoryClockMHz[g] = batch.memoryClockMHz[k] }
            if k < batch.conditions.count {
                gpus.conditions[g] = GPUConditionFlags(rawValue: batch.conditions[k])
                gpus.health[g] = max(gpus.xidHealth[g], gpus.conditions[g].health)
            }
            if gpus.isAllocated(g), util.isFinite, util < threshold {
                if gpus.idleSince[g].isNaN { gpus.idleSince[g] = batch.at }
            } else {
                gpus.idleSince[g] = .nan
            }
            let node = nodes[Int(gpus.node[g])]
            let memoryTotal = node.model < fleet.models.count ? Float(fleet.models[node.model].memoryMiB) : 0
            let memoryPercent = memoryTotal > 0 ? batch.memoryUsedMiB[k] / memoryTotal * 100 : .nan
            history.record(gpu: g, util: util, memoryPercent: memoryPercent, power: batch.powerWatts[k],
                           temperature: batch.temperatureC[k])
        }
    }

    mutating func recordXID(gpu g: Int, code: Int, at: Double) {
        advance(to: at)
        guard g >= 0, g < gpus.count else { return }
        gpus.lastXID[g] = Int16(clamping: code)
        gpus.lastXIDAt[g] = at
        gpus.xidHealth[g] = max(gpus.xidHealth[g], XIDCatalog.health(for: code))
        gpus.health[g] = max(gpus.xidHealth[g], gpus.conditions[g].health)
        recentXIDs.append(XIDRecord(gpu: Int32(g), code: code, at: at))
        // Trimmed in bulk at twice the limit, as `finishedJobs` is: trimming one record per XID moved the whole log
        // each time (a quarter of the scheduler benchmark's time).
        if recentXIDs.count > Self.recentXIDLimit * 2 { recentXIDs.removeFirst(recentXIDs.count - Self.recentXIDLimit) }
    }

    mutating func setOwners(_ updates: [GPUOwnerUpdate]) {
        if gpuOwners == nil { gpuOwners = .count(gpus) }  // a state from an older snapshot indexes its owners once
        for u in updates where u.gpu >= 0 && Int(u.gpu) < gpus.count {
            let g = Int(u.gpu)
            gpuOwners?.move(u.gpu, from: gpus.owner[g], to: u.owner)
            gpus.owner[g] = u.owner
            if !gpus.isAllocated(g) { gpus.idleSince[g] = .nan }
        }
    }

    mutating func setMIG(gpu g: Int, _ instances: [MIGInstance]) {
        guard g >= 0, g < gpus.count else { return }
        gpus.migInstances[Int32(g)] = instances.isEmpty ? nil : instances
    }

    mutating func setNodeState(_ n: Int, _ state: NodeState, reason: String, at: Double) {
        advance(to: at)
        guard n >= 0, n < nodes.count else { return }
        // A node coming back from down has been repaired: its GPUs start healthy again.
        if state == .up, nodes[n].state == .down {
            for g in nodes[n].firstGPU..<(nodes[n].firstGPU + nodes[n].gpuCount) {
                gpus.xidHealth[g] = .healthy
                gpus.health[g] = gpus.conditions[g].health
            }
        }
        nodes[n].state = state
        nodes[n].reason = reason
        nodes[n].stateSince = at
    }
}

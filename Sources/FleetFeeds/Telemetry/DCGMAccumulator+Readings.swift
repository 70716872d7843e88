import FleetCore

extension DCGMAccumulator {
    /// The GPUs reported in the current scrape; MIG instances are folded into their parent GPU.
    public func readings() -> [GPUReading] {
        var out: [GPUReading] = []
        var parentOf: [String: Int] = [:]
        for slot in series.indices where seen[slot] == generationMark {
            let info = series[slot]
            let v = { (f: TelemetryField) -> Double? in
                let x = values[slot * Self.fieldCount + f.rawValue]
                return x.isNaN ? nil : x
            }
            let index: Int
            if let existing = parentOf[info.uuid] {
                index = existing
            } else {
                var reading = GPUReading(uuid: info.uuid, host: info.host, index: info.index, model: info.model)
                reading.owner = info.migID == nil ? info.owner : nil
                out.append(reading)
                index = out.count - 1
                parentOf[info.uuid] = index
            }
            if out[index].model.isEmpty { out[index].model = info.model }
            if let conditions = v(.conditions) {
                out[index].conditions.formUnion(GPUConditionFlags(rawValue: UInt8(conditions)))
            }
            let used = v(.memoryUsed)
            let total = v(.memoryTotal) ?? used.flatMap { u in v(.memoryFree).map { u + $0 + (v(.memoryReserved) ?? 0) } }
            let busy = v(.engineActive) ?? v(.util)
            out[index].powerWatts = out[index].powerWatts ?? v(.power)
            out[index].temperatureC = out[index].temperatureC ?? v(.temperature)
            out[index].smClockMHz = out[index].smClockMHz ?? v(.smClock)
            out[index].memoryClockMHz = out[index].memoryClockMHz ?? v(.memoryClock)
            // XID codes are small (the state keeps an Int16): anything else is no XID.
            if let xid = v(.xid), xid >= 0, xid <= Double(Int16.max) { out[index].lastXID = max(out[index].lastXID ?? 0, Int(xid)) }
            if let profile = info.migProfile, let id = info.migID {
                var instance = MIGReading(profile: profile, instanceID: id)
                instance.owner = info.owner
                instance.utilPercent = busy
                instance.memoryUsedMiB = used
                instance.memoryTotalMiB = total
                out[index].migInstances.append(instance)
            } else {
                out[index].utilPercent = busy
                out[index].memoryUsedMiB = used
                out[index].memoryTotalMiB = total
            }
        }
        for i in out.indices where !out[i].migInstances.isEmpty {
            out[i].migInstances.sort { $0.instanceID < $1.instanceID }
            Self.foldMIG(into: &out[i])
        }
        return out
    }

    /// A MIG GPU's own figures from its instances: activity weighted by slice count, memory summed.
    private static func foldMIG(into reading: inout GPUReading) {
        var weighted = 0.0, weights = 0.0, used = 0.0, total = 0.0, anyUsed = false, anyTotal = false
        for instance in reading.migInstances {
            let slices = Double(instance.profile.prefix { $0.isNumber }).map { max($0, 1) } ?? 1
            if let u = instance.utilPercent { weighted += u * slices; weights += slices }
            if let m = instance.memoryUsedMiB { used += m; anyUsed = true }
            if let t = instance.memoryTotalMiB { total += t; anyTotal = true }
        }
        if reading.utilPercent == nil, weights > 0 { reading.utilPercent = weighted / weights }
        if reading.memoryUsedMiB == nil, anyUsed { reading.memoryUsedMiB = used }
        if reading.memoryTotalMiB == nil, anyTotal { reading.memoryTotalMiB = total }
        if reading.owner == nil {
            let owners = Set(reading.migInstances.compactMap(\.owner))
            if owners.count == 1 { reading.owner = owners.first } else if owners.count > 1 { reading.owner = "\(owners.count) owners" }
        }
    }
}

import FleetCore
import FleetTUI

/// Lines of the GPU detail dialog: live values, health and why, MIG instances, last-hour charts, recent XIDs,
/// and what to do about a degrading node.
enum GPUDetail {
    static func lines(uuid: String, ctx: FrameContext) -> [String] {
        let s = ctx.state
        guard let g = s.gpus.uuid.firstIndex(of: uuid) else { return ["this GPU is no longer in the fleet"] }
        let node = s.nodes[Int(s.gpus.node[g])]
        let model = node.model < s.fleet.models.count ? s.fleet.models[node.model].name : "?"
        let reference = GPUFreshness.reference(s, wallNow: ctx.wallNow)
        let fresh = GPUFreshness.isFresh(s, gpu: g, reference: reference, staleAfter: GPUFreshness.staleAfter(s))
        let sampled = s.gpus.sampledAt[g] > 0
            ? "sampled \(Format.age(reference - s.gpus.sampledAt[g])) ago\(fresh ? "" : " — STALE")" : "no telemetry yet"
        let f = { (v: Float, unit: String) -> String in v.isFinite ? "\(Format.number(Double(v), digits: 0))\(unit)" : "—" }
        var lines = [
            "node      \(sanitizeForTerminal(node.name)) (\(node.state.rawValue))   model \(sanitizeForTerminal(model))",
            "owner     \(sanitizeForTerminal(GPUFreshness.owner(s, gpu: g) ?? "—"))",
            "now       util \(f(s.gpus.utilPercent[g], "%"))  mem \(f(s.gpus.memoryUsedMiB[g], " MiB"))  "
                + "power \(f(s.gpus.powerWatts[g], " W"))  temp \(f(s.gpus.temperatureC[g], " °C"))  "
                + "SM \(f(s.gpus.smClockMHz[g], " MHz"))  mem clk \(f(s.gpus.memoryClockMHz[g], " MHz"))",
            "          \(sampled)",
            "health    \(GPUsPane.healthCell(s, g, node: node, fresh: fresh).text)",
        ]
        if let instances = s.gpus.migInstances[Int32(g)] {
            for i in instances {
                lines.append("MIG \(i.instanceID)     \(sanitizeForTerminal(i.profile))  util \(f(i.utilPercent, "%"))  "
                             + "mem \(f(i.memoryUsedMiB, ""))/\(f(i.memoryTotalMiB, " MiB"))  \(sanitizeForTerminal(i.owner))")
            }
        }
        lines.append("last hour (one mark per sample, oldest left):")
        lines.append("  util   \(chart(s.history.utilization(gpu: g), 0, 100))  0–100 %")
        lines.append("  memory \(chart(s.history.memory(gpu: g), 0, 100))  0–100 % of \(sanitizeForTerminal(model))")
        let power = s.history.power(gpu: g)
        lines.append("  power  \(chart(power, 0, max(power.max() ?? 0, 1)))  0–\(Int(saturating: power.max() ?? 0)) W")
        lines.append("  temp   \(chart(s.history.temperature(gpu: g), 20, 95))  20–95 °C")
        let xids = s.recentXIDs.filter { Int($0.gpu) == g }.suffix(4)
        lines.append(xids.isEmpty ? "XIDs      none recorded" : "recent XIDs:")
        for x in xids.reversed() {
            lines.append("  \(Format.fleetClock(x.at))  XID \(x.code): \(XIDCatalog.meaning(of: x.code))")
        }
        if s.gpus.health[g] != .healthy {
            lines.append(contentsOf: DrainAdvice.lines(for: Int(s.gpus.node[g]), state: s))
        }
        return lines
    }

    /// A one-line chart of up to 60 marks (two samples per mark when the hour is full).
    static func chart(_ values: [Double], _ low: Double, _ high: Double) -> String {
        guard !values.isEmpty else { return "(no samples)" }
        let step = max(1, values.count / 60)
        var out = ""
        var i = 0
        while i < values.count {
            let slice = values[i..<min(values.count, i + step)]
            out.unicodeScalars.append(Sparkline.glyph(for: slice.reduce(0, +) / Double(slice.count), low: low, high: high))
            i += step
        }
        return out
    }
}

/// What to do about a node whose GPUs degrade: drain it and move its work before it fails.
enum DrainAdvice {
    static func lines(for n: Int, state s: FleetState) -> [String] {
        let node = s.nodes[n]
        guard node.state == .up else { return ["advice    node is \(node.state.rawValue): \(sanitizeForTerminal(node.reason))"] }
        let work = FleetAlert.workOn(node: n, state: s)
        let name = sanitizeForTerminal(node.name)
        var lines = ["advice    drain \(name) now and migrate its work before the GPU fails:",
                     "          scontrol update nodename=\(name) state=drain reason=\"GPU degrading\"  |  kubectl cordon \(name)"]
        lines.append(work.isEmpty ? "          no work runs on it" : "          move: " + sanitizeForTerminal(work.prefix(6).joined(separator: ", "))
                     + (work.count > 6 ? " +\(work.count - 6) more" : ""))
        return lines
    }
}

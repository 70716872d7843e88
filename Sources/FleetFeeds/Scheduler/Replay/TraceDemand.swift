/// Demand series from a trace: GPUs in use, time-weighted, per fixed bucket.
public enum TraceDemand {
    /// Mean GPUs in use in each `bucket`-second interval from the trace start to its last event; fractional pods
    /// count their share (`gpu_milli` / 1000).
    public static func gpusInUse(_ trace: ReplayTrace, bucket: Double) -> [Double] {
        var changes: [(at: Double, delta: Double)] = []
        for j in trace.jobs {
            guard let start = j.start, j.gpus > 0 else { continue }
            let gpus = Double(j.gpus) * Double(j.gpuMilli) / 1000
            changes.append((start, gpus))
            if let end = j.end { changes.append((end, -gpus)) }
        }
        guard let last = changes.map(\.at).max(), bucket > 0 else { return [] }
        changes.sort { $0.at < $1.at }
        let buckets = Int((last / bucket).rounded(.up)) + 1
        var area = [Double](repeating: 0, count: buckets)
        var inUse = 0.0, t = 0.0
        var i = 0
        // Sweep: between consecutive changes the level is constant; spread its area over the buckets it covers.
        func spread(to end: Double) {
            var from = t
            while from < end {
                let b = Int((from / bucket).rounded(.down))
                let edge = min(end, Double(b + 1) * bucket)
                if b < buckets { area[b] += inUse * (edge - from) }
                from = edge
            }
            t = end
        }
        while i < changes.count {
            spread(to: changes[i].at)
            inUse += changes[i].delta
            i += 1
        }
        return area.map { $0 / bucket }
    }
}

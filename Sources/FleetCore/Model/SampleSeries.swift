/// Named series sampled once a step (fleet minute or hour), a bounded number of samples deep.
enum SampleSeries {
    /// Samples to append at `step` after `last`: steps the clock jumped over repeat the value (nothing happened).
    static func copies(step: Int, after last: Int?, depth: Int) -> Int {
        min(depth, max(1, step - (last ?? (step - 1))))
    }

    /// Appends each name's value (0 for names not given now), keeping `depth` samples; with `dropIdle`, a series
    /// that stayed 0 for its whole depth is dropped.
    static func append<T: Numeric>(_ now: [String: T], copies: Int, depth: Int, dropIdle: Bool, to series: inout [String: [T]]) {
        for name in Set(series.keys).union(now.keys) {
            var s = series[name] ?? []
            s.append(contentsOf: repeatElement(now[name] ?? 0, count: copies))
            if s.count > depth { s.removeFirst(s.count - depth) }
            series[name] = dropIdle && s.count == depth && s.allSatisfy({ $0 == 0 }) ? nil : s
        }
    }
}

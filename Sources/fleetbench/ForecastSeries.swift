import FleetCore
import FleetFeeds
import Foundation

/// A demand series to backtest: `stepsPerHour` values per hour (1 for hourly).
struct EvalSeries {
    var name: String
    var values: [Double]
    var stepsPerHour: Int
}

/// The series `fleetbench forecast-eval` builds from real traces, the simulator and one-column CSV files.
enum ForecastSeries {
    /// GPUs held per hour in an Alibaba openb pod list (time-weighted, fractional pods count their share).
    static func openb(_ path: String) -> EvalSeries? {
        guard case .success(let trace) = TraceLoader.load(path: path) else { return nil }
        return EvalSeries(name: "openb", values: TraceDemand.gpusInUse(trace, bucket: 3600), stepsPerHour: 1)
    }

    /// Summed GPU duty cycle (%) over all pods of the 2026 GenAI serving trace, mean per 5 minutes: the trace spans
    /// 23 hours, too short for an hourly series, so it is evaluated at 5-minute steps (the 1 h horizon only).
    static func genai(_ path: String) -> EvalSeries? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var sums: [Double: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 2, let v = Double(f[0]), let t = Double(f[1]) else { continue }
            sums[t, default: 0] += v
        }
        guard let t0 = sums.keys.min() else { return nil }
        var total: [Int: (sum: Double, n: Int)] = [:]
        for (t, v) in sums {
            let b = Int((t - t0) / 300)
            total[b, default: (0, 0)].sum += v
            total[b, default: (0, 0)].n += 1
        }
        let count = (total.keys.max() ?? -1) + 1
        var values = [Double](repeating: 0, count: count)
        for b in 0..<count {
            let cell = total[b] ?? (0, 0)
            values[b] = cell.n > 0 ? cell.sum / Double(cell.n) : b > 0 ? values[b - 1] : 0
        }
        return EvalSeries(name: "genai-5min", values: values, stepsPerHour: 12)
    }

    /// The demo simulator's whole-fleet demand (GPUs held plus asked for), hourly, over `weeks` simulated weeks.
    static func simulator(weeks: Int) -> EvalSeries {
        let sim = FleetSimulator(config: SimulatorConfig(seed: 42, gpuCount: 128, tickSeconds: 600))
        var state = FleetState()
        state.apply(sim.genesis())
        var values: [Double] = []
        for hour in 1...(weeks * 168) {
            sim.run(&state, until: sim.config.epoch + Double(hour) * 3600)
            values.append(state.demand?.byPool[DemandHistory.fleetSeries]?.last ?? 0)
        }
        return EvalSeries(name: "simulator", values: values, stepsPerHour: 1)
    }

    /// An hourly one-column CSV (a header line or blank lines are skipped), named after the file.
    static func csv(_ path: String) -> EvalSeries? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let values = text.split(whereSeparator: \.isNewline).compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return EvalSeries(name: FeedText.clean(name), values: values, stepsPerHour: 1)
    }
}

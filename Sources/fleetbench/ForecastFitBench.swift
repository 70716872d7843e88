import FleetCore
import Foundation

/// `fleetbench forecast-fit [--trace OPENB.csv] [--series FILE]… [--rounds N]`: times one cold refit (what
/// `DemandHistory.refit` does for each series every fleet hour: 8 weeks of hourly history, 30 days ahead) of the
/// last eight weeks of each series, over `rounds` windows each ending one hour later than the one before.
func runForecastFitBench(arguments args: [String]) {
    let rounds = argument("--rounds", default: 50)
    var series: [EvalSeries] = []
    for (i, a) in args.enumerated() where i + 1 < args.count {
        if a == "--trace", let s = ForecastSeries.openb(args[i + 1]) { series.append(s) }
        if a == "--series", let s = ForecastSeries.csv(args[i + 1]) { series.append(s) }
    }
    if argument("--sim-weeks", default: 10) > 0 { series.append(ForecastSeries.simulator(weeks: argument("--sim-weeks", default: 10))) }
    let depth = DemandHistory.depth
    for s in series where s.stepsPerHour == 1 && s.values.count >= depth + rounds {
        var times: [Double] = []
        for r in 0..<rounds {
            let end = s.values.count - rounds + r + 1
            let y = Array(s.values[(end - depth)..<end])
            times.append(seconds { _ = ForecastEngine.forecast(y, horizon: DemandHistory.horizon) })
        }
        let sorted = times.sorted()
        print(String(format: "forecast_fit{series=\"%@\",points=\"%d\"} median_ms=%.3f p95_ms=%.3f", s.name, depth,
                     median(times) * 1000, sorted[min(sorted.count - 1, sorted.count * 95 / 100)] * 1000))
    }
}

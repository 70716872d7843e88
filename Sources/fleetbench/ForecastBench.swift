import FleetCore
import FleetFeeds
import Foundation

/// `fleetbench forecast TRACE [--bucket S] [--period N] [--csv OUT]`: Holt-Winters on the trace's GPUs-in-use
/// series, fitted on the first 80 % and scored (MASE) on the last 20 %; the series goes to OUT for the Python side.
func runForecastBench(path: String, bucket: Int, period: Int, csv: String?) {
    guard case .success(let trace) = TraceLoader.load(path: path) else { fatalError("fleetbench: cannot load \(path)") }
    let series = TraceDemand.gpusInUse(trace, bucket: Double(bucket))
    if let csv {
        let text = series.map { String(format: "%.6f", $0) }.joined(separator: "\n") + "\n"
        guard FileManager.default.createFile(atPath: csv, contents: Data(text.utf8)) else { fatalError("fleetbench: cannot write \(csv)") }
    }
    let split = series.count * 8 / 10
    let train = Array(series[..<split]), test = Array(series[split...])
    var model: HoltWinters?
    var times: [Double] = []
    for _ in 0..<5 { times.append(seconds { model = HoltWinters.fit(train, period: period) }) }
    guard let model else { fatalError("fleetbench: series too short (\(series.count) points)") }
    let forecast = model.forecast(test.count)
    let mase = model.mase(forecast: forecast.map(\.mean), actual: test)
    let covered = zip(forecast, test).filter { $0.0.low <= $0.1 && $0.1 <= $0.0.high }.count
    print(String(format: "series: %d points of %d s (%d train, %d test), period %d", series.count, bucket, train.count, test.count, period))
    print(String(format: "fitted alpha %.4f beta %.4f gamma %.4f phi %.4f; 95%% interval covers %.0f%% of the test",
                 model.alpha, model.beta, model.gamma, model.phi, 100 * Double(covered) / Double(max(1, test.count))))
    print(String(format: "forecast_fit_seconds=%.5f", median(times)))
    print(String(format: "forecast_mase=%.4f", mase))
}

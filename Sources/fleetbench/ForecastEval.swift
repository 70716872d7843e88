import FleetCore
import Foundation

/// One series × horizon × method result of the backtest.
struct EvalCell {
    var series: String
    var horizon: String
    var method: String
    var mase: Double
    var smape: Double
    var coverage: Double
    var fitMs: Double

    /// The machine-readable line.
    var line: String {
        String(format: "forecast_eval{series=\"%@\",horizon=\"%@\",method=\"%@\"} mase=%.3f coverage=%.3f fit_ms=%.3f",
               series, horizon, method, mase, coverage, fitMs)
    }
}

/// Rolling-origin backtest: at each origin the method is refitted on the last eight weeks before it (as `:forecast`
/// refits every hour) and forecasts the next 1 h, 24 h and 7 d; a horizon's figures pool every step up to it.
struct ForecastBacktest {
    static let horizonHours = [1, 24, 168]
    static let minimumOrigins = 20, targetOrigins = 24

    let series: EvalSeries
    /// Origins (indices of the first forecast value), spread over the last third.
    let origins: [Int]
    /// Feasible horizons, in steps.
    let horizons: [Int]
    /// In-sample seasonal-naive (daily; naive when shorter) mean absolute one-step error before the first origin.
    let scale: Double
    let window: Int
    let seasons: [Int]

    init?(_ series: EvalSeries) {
        let n = series.values.count, sph = series.stepsPerHour
        let first = max(n - n / 3, 48)
        let feasible = Self.horizonHours.map { $0 * sph }.filter { n - $0 - first + 1 >= Self.minimumOrigins }
        guard let longest = feasible.last else { return nil }
        let span = n - longest - first
        let count = min(Self.targetOrigins, span + 1)
        self.series = series
        origins = (0..<count).map { first + (count > 1 ? $0 * span / (count - 1) : 0) }
        horizons = feasible
        window = DemandHistory.depth * sph
        seasons = [24 * sph, 168 * sph]
        scale = Accuracy.naiveScale(Array(series.values[..<first]), period: 24 * sph)
    }

    func label(_ steps: Int) -> String {
        let hours = steps / series.stepsPerHour
        return hours % 24 == 0 && hours >= 168 ? "\(hours / 24)d" : "\(hours)h"
    }

    /// Backtests `method` (nil when it cannot forecast this series); `forecast` gets the training window.
    func evaluate(_ method: String, _ forecast: ([Double], Int) -> [ForecastPoint]?) -> [EvalCell]? {
        let longest = horizons.last ?? 1
        var runs: [(origin: Int, points: [ForecastPoint])] = []
        var times: [Double] = []
        for o in origins {
            let train = Array(series.values[max(0, o - window)..<o])
            var points: [ForecastPoint]?
            times.append(seconds { points = forecast(train, longest) })
            guard let points, points.count >= longest else { return nil }
            runs.append((o, points))
        }
        return horizons.map { h in
            var absolute = 0.0, smape = 0.0, inside = 0, n = 0
            for run in runs {
                for k in 0..<h {
                    let p = run.points[k], a = series.values[run.origin + k]
                    absolute += abs(p.mean - a)
                    smape += Accuracy.smape(p.mean, a)
                    if p.low <= a && a <= p.high { inside += 1 }
                    n += 1
                }
            }
            let d = Double(max(1, n))
            return EvalCell(series: series.name, horizon: label(h), method: method, mase: absolute / d / scale,
                            smape: smape / d, coverage: Double(inside) / d, fitMs: median(times) * 1000)
        }
    }

    /// The engine and the seasonal-naive baselines (intervals from their own past errors, like the engine's).
    func swiftCells() -> [EvalCell] {
        var cells: [EvalCell] = []
        cells += evaluate("fleetdeck") { ForecastEngine.forecast($0, horizon: $1, seasons: seasons)?.points } ?? []
        for (name, m) in [("snaive_daily", seasons[0]), ("snaive_weekly", seasons[1])] {
            cells += evaluate(name) {
                ForecastEngine.forecast($0, horizon: $1, seasons: [m], candidates: [.seasonalNaive(period: m)])?.points
            } ?? []
        }
        return cells
    }

    /// What the Python baselines need to forecast from exactly the same origins.
    var json: [String: Any] {
        ["name": series.name, "steps_per_hour": series.stepsPerHour, "values": series.values, "origins": origins,
         "horizons": horizons, "labels": horizons.map(label), "scale": scale, "window": window, "seasons": seasons]
    }
}

/// Prints rows series × horizon with each method's MASE, sMAPE and coverage, then the fit time per method.
func printEvalTable(_ cells: [EvalCell]) {
    var methods: [String] = []
    for c in cells where !methods.contains(c.method) { methods.append(c.method) }
    var keys: [String] = []
    for c in cells where !keys.contains("\(c.series) \(c.horizon)") { keys.append("\(c.series) \(c.horizon)") }
    print("series horizon".padding(toLength: 18, withPad: " ", startingAt: 0)
          + methods.map { $0.padding(toLength: 22, withPad: " ", startingAt: 0) }.joined())
    for key in keys {
        var row = key.padding(toLength: 18, withPad: " ", startingAt: 0)
        for m in methods {
            let c = cells.first { "\($0.series) \($0.horizon)" == key && $0.method == m }
            let text = c.map { String(format: "%.2f %.1f%% %.0f%%", $0.mase, $0.smape, 100 * $0.coverage) } ?? "—"
            row += text.padding(toLength: 22, withPad: " ", startingAt: 0)
        }
        print(row)
    }
}

/// `fleetbench forecast-eval [--trace OPENB.csv] [--genai DUTY.csv] [--sim-weeks N] [--series FILE]… [--out DIR]`.
func runForecastEval(arguments args: [String]) {
    func values(_ flag: String) -> [String] {
        args.indices.filter { args[$0] == flag && $0 + 1 < args.count }.map { args[$0 + 1] }
    }
    var series: [EvalSeries] = []
    for path in values("--trace") {
        guard let s = ForecastSeries.openb(path) else { fatalError("fleetbench: cannot read the openb trace \(path)") }
        series.append(s)
    }
    for path in values("--genai") {
        guard let s = ForecastSeries.genai(path) else { fatalError("fleetbench: cannot read the GenAI trace \(path)") }
        series.append(s)
    }
    let weeks = argument("--sim-weeks", default: 10)
    if weeks > 0 { series.append(ForecastSeries.simulator(weeks: weeks)) }
    for path in values("--series") {
        guard let s = ForecastSeries.csv(path) else { fatalError("fleetbench: cannot read \(path)") }
        series.append(s)
    }
    var cells: [EvalCell] = []
    var specs: [[String: Any]] = []
    for s in series {
        guard let backtest = ForecastBacktest(s) else {
            print("\(s.name): \(s.values.count) points, too short for \(ForecastBacktest.minimumOrigins) origins; skipped")
            continue
        }
        print("\(s.name): \(s.values.count) points (\(s.stepsPerHour)/h), \(backtest.origins.count) origins from \(backtest.origins[0])")
        cells += backtest.swiftCells()
        specs.append(backtest.json)
    }
    print("MASE, sMAPE, 95% interval coverage per method:")
    printEvalTable(cells)
    for c in cells { print(c.line) }
    if let out = values("--out").first {
        let spec = (try? JSONSerialization.data(withJSONObject: specs)) ?? Data()
        let lines = cells.map(\.line).joined(separator: "\n") + "\n"
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: out + "/series.json", contents: spec),
              FileManager.default.createFile(atPath: out + "/swift.txt", contents: Data(lines.utf8)) else {
            // A message and a failing exit, not a crash: a crash loses the table still buffered for a pipe.
            FileHandle.standardError.write(Data("fleetbench: cannot write to \(out)\n".utf8))
            exit(1)
        }
    }
}

import FleetCore
import FleetFeeds
import Foundation

/// `fleetbench telemetry FILE`: parse a DCGM exposition and apply it into fleet state, first scrape and steady state.
func runTelemetryBench(path: String, rounds: Int) {
    func scrape(_ accumulator: inout DCGMAccumulator, _ ingest: inout TelemetryIngest, at: Double)
        -> (parse: Double, apply: Double, samples: Int, errors: Int, gpus: Int) {
        let start = DispatchTime.now().uptimeNanoseconds
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { fatalError("fleetbench: cannot open \(path)") }
        defer { close(fd) }
        var parser = ExpositionParser()
        accumulator.beginScrape()
        _ = ExpositionReader.read(fd: fd, parser: &parser, sink: &accumulator)
        let readings = accumulator.readings()
        let parsed = DispatchTime.now().uptimeNanoseconds
        let events = ingest.events(for: readings, at: at)
        let applied = DispatchTime.now().uptimeNanoseconds
        precondition(!events.isEmpty)
        return (Double(parsed - start) / 1e9, Double(applied - parsed) / 1e9, parser.sampleCount,
                parser.errorCount + accumulator.errorCount, readings.count)
    }
    var accumulator = DCGMAccumulator(defaultHost: "bench")
    var state = FleetState()
    state.apply(.policyDefined(SimulatedOrg.demoPolicy()))
    var ingest = TelemetryIngest(state: state)
    let first = scrape(&accumulator, &ingest, at: 1_800_000_000)
    print(String(format: "first scrape (discovers %d GPUs): parse %.3f s + apply %.3f s; %d samples, %d errors",
                 first.gpus, first.parse, first.apply, first.samples, first.errors))
    var totals: [Double] = [], parses: [Double] = [], applies: [Double] = []
    for i in 0..<rounds {
        let r = scrape(&accumulator, &ingest, at: 1_800_000_000 + Double(i + 1) * 30)
        totals.append(r.parse + r.apply)
        parses.append(r.parse)
        applies.append(r.apply)
    }
    print(String(format: "steady scrape (median of %d): parse %.3f s + apply %.3f s = %.3f s; peak resident %.0f MB",
                 rounds, median(parses), median(applies), median(totals), peakResidentMB()))
    print(String(format: "telemetry_parse_apply_seconds=%.4f", median(totals)))
    print(String(format: "telemetry_peak_rss_mb=%.0f", peakResidentMB()))
}

func peakResidentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
    return kb / 1024
}

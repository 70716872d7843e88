import FleetCore
import Foundation
import Synchronization

/// Reads GPU telemetry from a Prometheus server's HTTP API: instant queries for current values, and on the first
/// fetch a range query over the last hour to fill the history charts.
final class PrometheusSource: TelemetrySource, Sendable {
    let baseURL: String
    let auth: HTTPAuth?
    let timeout: Double
    /// Backfill window and step (the DCGM exporter's default interval).
    static let backfillSeconds = 3600.0, backfillStep = 30.0
    private let state: Mutex<(accumulator: DCGMAccumulator, backfilled: Bool)>
    /// A selector for every metric fleetdeck maps (and the inference request counter, when configured).
    let selector: String

    init(baseURL: String, auth: HTTPAuth?, timeout: Double, inference: InferenceMetric? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.auth = auth
        self.timeout = timeout
        state = Mutex((DCGMAccumulator(defaultHost: URL(string: baseURL)?.host ?? "prometheus", inference: inference), false))
        selector = "{__name__=~\"\((TelemetryMetric.table.keys.sorted() + (inference.map { [$0.name] } ?? [])).joined(separator: "|"))\"}"
    }

    static let historySelector = "{__name__=~\"DCGM_FI_DEV_GPU_UTIL|DCGM_FI_PROF_GR_ENGINE_ACTIVE|DCGM_FI_DEV_FB_USED|"
        + "DCGM_FI_DEV_POWER_USAGE|DCGM_FI_DEV_GPU_TEMP|nvidia_smi_utilization_gpu_ratio|nvidia_smi_memory_used_bytes|"
        + "nvidia_smi_power_draw_watts|nvidia_smi_temperature_gpu\"}"

    func fetch() -> TelemetryUpdate {
        let at = wallClock()
        let backfilled = state.withLock { $0.backfilled }
        var backfill: [(at: Double, readings: [GPUReading])] = []
        if !backfilled {
            let start = at - Self.backfillSeconds
            let query = "query_range?query=\(Self.encode(Self.historySelector))&start=\(Int(start))&end=\(Int(at))&step=\(Int(Self.backfillStep))"
            if case .success(let series) = get(query) { backfill = history(series) }
            state.withLock { $0.backfilled = true }
        }
        switch get("query?query=\(Self.encode(selector))&time=\(at)") {
        case .failure(let problem):
            return .failed(problem.message, at: at)
        case .success(let series):
            var update = exposition(series.map { ($0.labels, $0.samples.last?.value ?? .nan) }, at: at)
            update.backfill = backfill
            return update
        }
    }

    private func get(_ pathAndQuery: String) -> Result<[PromSeries], PromFailure> {
        let body = Mutex(Data())
        var headers: [String: String] = [:]
        if let auth { headers["Authorization"] = auth.header }
        let failure = HTTPFetch.get("\(baseURL)/api/v1/\(pathAndQuery)", headers: headers, timeout: timeout,
                                    maxBytes: 256 << 20) { chunk in body.withLock { $0.append(chunk) } }
        if let failure { return .failure(PromFailure(message: "\(failure)")) }
        do {
            return .success(try PrometheusAPIResponse.parse(body.withLock { $0 }))
        } catch {
            return .failure(PromFailure(message: "\(error)"))
        }
    }

    /// Readings from (labels, value) pairs, through the same mapping as a scrape.
    private func exposition(_ series: [([String: String], Double)], at: Double) -> TelemetryUpdate {
        var text = ""
        for (labels, value) in series {
            guard let name = labels["__name__"] else { continue }
            let rest = labels.filter { $0.key != "__name__" }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\"\(Self.escape($0.value))\"" }.joined(separator: ",")
            text += "\(name){\(rest)} \(value)\n"
        }
        return state.withLock { s in
            var parser = ExpositionParser()
            s.accumulator.beginScrape()
            text.utf8.withContiguousStorageIfAvailable { parser.consume(UnsafeRawBufferPointer($0), into: &s.accumulator) }
            parser.finish(into: &s.accumulator)
            var update = TelemetryUpdate(at: at)
            update.note(parser: parser, accumulator: s.accumulator, what: "query result")
            if update.failure == nil { update.readings = s.accumulator.readings() }
            return update
        }
    }

    private func history(_ series: [PromSeries]) -> [(at: Double, readings: [GPUReading])] {
        var byTime: [Double: [([String: String], Double)]] = [:]
        for s in series {
            for sample in s.samples { byTime[sample.at, default: []].append((s.labels, sample.value)) }
        }
        return byTime.keys.sorted().compactMap { t in
            let update = exposition(byTime[t] ?? [], at: t)
            return update.readings.isEmpty ? nil : (at: t, readings: update.readings)
        }
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
    }
}

private struct PromFailure: Error {
    var message: String
}

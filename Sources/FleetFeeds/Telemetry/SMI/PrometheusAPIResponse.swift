import Foundation

/// One sample of a series: Unix time in seconds and the value (NaN and ±Inf included).
public struct PromSample: Sendable, Hashable {
    /// Unix time in seconds, with the fraction Prometheus gives.
    public var at: Double
    /// The sample value.
    public var value: Double

    /// A sample at `at` with `value`.
    public init(at: Double, value: Double) {
        self.at = at
        self.value = value
    }
}

/// One series from a Prometheus HTTP API query: its labels and its samples, oldest first.
public struct PromSeries: Sendable, Hashable {
    /// The series' labels, `__name__` included when Prometheus sends it.
    public var labels: [String: String]
    /// One sample for an instant query, many for a range query.
    public var samples: [PromSample]

    /// A series with `labels` and `samples`.
    public init(labels: [String: String], samples: [PromSample]) {
        self.labels = labels
        self.samples = samples
    }
}

/// Why a Prometheus HTTP API response gave no series.
public enum PromAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered `"status":"error"` with this `errorType` and `error` text.
    case server(errorType: String, message: String)
    /// The body is not a Prometheus API response this decoder understands.
    case malformed(String)

    /// "Prometheus error (bad_data): …" or "malformed Prometheus response: …".
    public var description: String {
        switch self {
        case .server(let errorType, let message): "Prometheus error (\(errorType)): \(message)"
        case .malformed(let why): "malformed Prometheus response: \(why)"
        }
    }
}

/// Decodes Prometheus HTTP API responses (`/api/v1/query`, `/api/v1/query_range`) into series.
public enum PrometheusAPIResponse {
    /// The series in a response body: a vector, a matrix, or a scalar (one series without labels).
    public static func parse(_ data: Data) throws(PromAPIError) -> [PromSeries] {
        if let problem = InputLimits.sizeProblem(data.count, .prometheus) { throw .malformed(problem) }
        // JSONDecoder recurses per level: measure the nesting before it sees the body.
        if let line = data.withUnsafeBytes({ NestingScan.json($0.bindMemory(to: UInt8.self), limit: InputLimits.maxNesting) }) {
            throw .malformed("line \(line): nested too deeply (more than \(InputLimits.maxNesting) levels)")
        }
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch let error as DecodingError {
            throw .malformed(describe(error))
        } catch {
            throw .malformed("\(error)")
        }
        switch envelope.status {
        case "success":
            guard let payload = envelope.data else { throw .malformed("status is success but there is no data") }
            if let problem = payload.problem { throw .malformed(problem) }
            return payload.series
        case "error":
            throw .server(errorType: envelope.errorType ?? "unknown", message: envelope.error ?? "")
        default:
            throw .malformed("unknown status \"\(envelope.status)\"")
        }
    }

    /// A short account of where and why decoding failed.
    private static func describe(_ error: DecodingError) -> String {
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
        }
        switch error {
        case .dataCorrupted(let context): return at(context)
        case .keyNotFound(let key, let context): return "\(at(context)) (missing \"\(key.stringValue)\")"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return at(context)
        @unknown default: return "\(error)"
        }
    }

    /// The outer object every API response has.
    private struct Envelope: Decodable {
        let status: String
        let data: Payload?
        let errorType: String?
        let error: String?
    }

    /// `data`: the result type and the series read from it.
    private struct Payload: Decodable {
        var series: [PromSeries] = []
        /// A value that is not a number, or a result type this decoder does not read.
        var problem: String?

        private enum Keys: String, CodingKey { case resultType, result }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            let resultType = try container.decode(String.self, forKey: .resultType)
            switch resultType {
            case "vector":
                let items = try container.decode([VectorItem].self, forKey: .result)
                series = items.map { PromSeries(labels: $0.metric, samples: [$0.value.sample]) }
            case "matrix":
                let items = try container.decode([MatrixItem].self, forKey: .result)
                series = items.map { PromSeries(labels: $0.metric, samples: $0.values.map(\.sample)) }
            case "scalar":
                let pair = try container.decode(Pair.self, forKey: .result)
                series = [PromSeries(labels: [:], samples: [pair.sample])]
            default:
                problem = "result type \"\(resultType)\" is not vector, matrix or scalar"
            }
        }
    }

    private struct VectorItem: Decodable {
        let metric: [String: String]
        let value: Pair
    }

    private struct MatrixItem: Decodable {
        let metric: [String: String]
        let values: [Pair]
    }

    /// `[1712345678.123, "42"]`: time in seconds and the value as a string.
    private struct Pair: Decodable {
        let sample: PromSample

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            let at = try container.decode(Double.self)
            let text = try container.decode(String.self)
            guard let value = PrometheusAPIResponse.value(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "sample value \"\(text)\" is not a number")
            }
            sample = PromSample(at: at, value: value)
        }
    }

    /// A sample value as Prometheus writes it: a decimal number, "NaN", "+Inf" or "-Inf".
    static func value(_ text: String) -> Double? {
        switch text {
        case "NaN": .nan
        case "+Inf", "Inf": .infinity
        case "-Inf": -.infinity
        default: Double(text)
        }
    }
}

import FleetCore
import Foundation

/// One update from a telemetry source: readings, or why there are none.
public struct TelemetryUpdate: Sendable {
    /// Wall-clock time of the update.
    public var at: Double
    public var readings: [GPUReading] = []
    /// Inference request counters seen in the same exposition.
    public var inference: [InferenceCounter] = []
    /// Past readings to load into history before the first live update (Prometheus range query).
    public var backfill: [(at: Double, readings: [GPUReading])] = []
    /// The fetch failed entirely; nothing from this update is used.
    public var failure: String?
    /// Bad lines or values that were skipped; the rest of the update is used.
    public var problemCount = 0
    /// The first problem with its location, for display.
    public var firstProblem: String?
    /// A streamed source (stdin) ended: there will be no more updates.
    public var endOfStream = false

    /// An update taken at `at`.
    public init(at: Double) { self.at = at }

    /// A failed update.
    public static func failed(_ message: String, at: Double) -> TelemetryUpdate {
        var u = TelemetryUpdate(at: at)
        u.failure = FeedText.clean(message)
        return u
    }

    /// Folds a parser's and an accumulator's errors into this update; an update with errors and no samples failed.
    mutating func note(parser: ExpositionParser, accumulator: DCGMAccumulator, what: String) {
        problemCount = parser.errorCount + accumulator.errorCount
        inference = accumulator.inferenceCounters
        let first = (parser.errors + accumulator.errors).min { $0.line < $1.line }
        firstProblem = first.map { FeedText.clean("\(what) \($0)") }
        if parser.sampleCount == 0, problemCount > 0 {
            failure = "no valid samples: \(firstProblem ?? "")"
        } else if parser.sampleCount == 0 {
            failure = "\(what): empty exposition"
        }
    }
}

/// Where telemetry comes from, as configured by flags or the config file.
public enum TelemetrySourceConfig: Sendable, Hashable {
    /// An HTTP(S) `/metrics` endpoint (DCGM exporter, nvidia_gpu_exporter).
    case scrape(url: String)
    /// An exposition file re-read every interval, or "-" for expositions streamed on stdin.
    case file(path: String)
    /// A Prometheus server's HTTP API.
    case prometheus(url: String, auth: HTTPAuth?)
    /// nvidia-smi output: a file, or a command (possibly over ssh) run every interval; `fields` name the columns of
    /// header-less CSV (`--query-gpu=FIELDS --format=csv,noheader`).
    case nvidiaSMI(commandOrPath: String, fields: [String]? = nil)

    /// One source per distinct `--nvidia-smi` argument, in the order given (a repeated one is read once).
    public static func nvidiaSMI(_ specs: [String], fields: [String]?) -> [TelemetrySourceConfig] {
        var seen = Set<String>()
        return specs.filter { seen.insert($0).inserted }.map { .nvidiaSMI(commandOrPath: $0, fields: fields) }
    }

    /// Display name of the source.
    public var name: String {
        switch self {
        case .scrape(let url): "scrape \(url)"
        case .file(let path): path == "-" ? "stdin" : "file \(path)"
        case .prometheus(let url, _): "prometheus \(url)"
        case .nvidiaSMI(let c, _): "nvidia-smi \(c)"
        }
    }

    /// Kind shown in the feeds pane.
    public var kind: String {
        switch self {
        case .scrape: "dcgm-scrape"
        case .file: "exposition-file"
        case .prometheus: "prometheus-api"
        case .nvidiaSMI: "nvidia-smi"
        }
    }

    /// A fetcher for this source, to be used on one thread.
    public func makeSource(timeout: Double, inference: InferenceMetric? = nil) -> any TelemetrySource {
        switch self {
        case .scrape(let url): ScrapeSource(url: url, timeout: timeout, inference: inference)
        case .file(let path): ExpositionFileSource(path: path, inference: inference)
        case .prometheus(let url, let auth): PrometheusSource(baseURL: url, auth: auth, timeout: timeout, inference: inference)
        case .nvidiaSMI(let spec, let fields): NvidiaSMISource(spec: spec, timeout: timeout, fields: fields)
        }
    }
}

/// Credentials for an HTTP source; read from the environment or a file, never from argv.
public enum HTTPAuth: Sendable, Hashable {
    case bearer(String)
    case basic(user: String, password: String)

    /// The Authorization header value.
    var header: String {
        switch self {
        case .bearer(let token): "Bearer \(token)"
        case .basic(let user, let password): "Basic \(Data("\(user):\(password)".utf8).base64EncodedString())"
        }
    }
}

/// Something that produces telemetry updates; `fetch` blocks (bounded by the source's timeout).
public protocol TelemetrySource {
    /// Takes one update.
    mutating func fetch() -> TelemetryUpdate
}

func wallClock() -> Double { Date().timeIntervalSince1970 }

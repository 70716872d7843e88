import FleetCore
import Foundation
import Synchronization

/// Scrapes a `/metrics` endpoint, parsing the body as it streams in.
final class ScrapeSource: TelemetrySource, Sendable {
    let url: String
    let timeout: Double
    /// Responses past this are cut off (a runaway exporter must not exhaust memory).
    static let maxBytes = 512 << 20
    private let state: Mutex<ScrapeState>

    init(url: String, timeout: Double, inference: InferenceMetric? = nil) {
        self.url = url
        self.timeout = timeout
        let host = URL(string: url)?.host ?? url
        state = Mutex(ScrapeState(accumulator: DCGMAccumulator(defaultHost: host, inference: inference)))
    }

    func fetch() -> TelemetryUpdate {
        let at = wallClock()
        state.withLock { $0.begin() }
        let failure = HTTPFetch.get(url, headers: ["Accept": "text/plain;version=0.0.4"], timeout: timeout,
                                    maxBytes: Self.maxBytes) { data in
            self.state.withLock { s in data.withUnsafeBytes { s.parser.consume($0, into: &s.accumulator) } }
        }
        return state.withLock { s in
            s.parser.finish(into: &s.accumulator)
            var tooLarge: HTTPFetch.Failure?
            if let failure {
                guard case .tooLarge = failure else { return .failed("\(failure)", at: at) }
                tooLarge = failure  // what arrived before the cut is parsed and used
            }
            var update = TelemetryUpdate(at: at)
            update.note(parser: s.parser, accumulator: s.accumulator, what: url)
            if let tooLarge {
                update.problemCount += 1
                update.firstProblem = "\(tooLarge)"
            }
            if update.failure == nil { update.readings = s.accumulator.readings() }
            return update
        }
    }
}

/// The parser and accumulator of a scrape, shared with the URLSession callback thread.
struct ScrapeState {
    var parser = ExpositionParser()
    var accumulator: DCGMAccumulator

    mutating func begin() {
        parser = ExpositionParser()
        accumulator.beginScrape()
    }
}

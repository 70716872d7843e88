import FleetCore
import FleetInput
import Foundation

/// Reads an exposition file on each fetch, or successive expositions (ended by `# EOF` or end of input) from stdin.
struct ExpositionFileSource: TelemetrySource {
    let path: String
    private var accumulator: DCGMAccumulator
    private var stdinClosed = false

    init(path: String, inference: InferenceMetric? = nil) {
        self.path = path
        accumulator = DCGMAccumulator(defaultHost: ProcessInfo.processInfo.hostName, inference: inference)
    }

    mutating func fetch() -> TelemetryUpdate {
        let at = wallClock()
        if path == "-" {
            if stdinClosed {
                var closed = TelemetryUpdate.failed("stdin closed", at: at)
                closed.endOfStream = true
                return closed
            }
            return read(fd: 0, at: at, streaming: true)
        }
        let fd: Int32
        switch InputFile.open(path) {
        case .success(let opened): fd = opened
        case .failure(let failure): return .failed(failure.description, at: at)
        }
        defer { close(fd) }
        return read(fd: fd, at: at, streaming: false)
    }

    private mutating func read(fd: Int32, at: Double, streaming: Bool) -> TelemetryUpdate {
        var parser = ExpositionParser()
        accumulator.beginScrape()
        let outcome = ExpositionReader.read(fd: fd, parser: &parser, sink: &accumulator, stopAtEOFMarker: streaming)
        var update = TelemetryUpdate(at: at)
        if streaming, outcome == .endOfInput { stdinClosed = true }
        if case .readError(let e) = outcome { return .failed("read failed: \(String(cString: strerror(e)))", at: at) }
        update.note(parser: parser, accumulator: accumulator, what: streaming ? "stdin" : path)
        if outcome == .tooLarge { update.problemCount += 1; update.firstProblem = "exposition larger than 1 GiB; rest ignored" }
        if update.failure == nil { update.readings = accumulator.readings() }
        return update
    }
}

import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

/// Captures from real GPUs (shared/data) and the repository's synthetic DCGM generator.
@Suite struct RealExpositionTests {
    static let h100 = "linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load.metrics"
    static let h200 = "linux-x86_64__nvidia-h200__590.48.01__idle.metrics"

    /// Reads a file through `ExpositionReader` into a fresh accumulator.
    static func read(_ path: String) throws -> (parser: ExpositionParser, accumulator: DCGMAccumulator, outcome: ExpositionReader.Outcome) {
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0, "cannot open \(path)")
        defer { close(fd) }
        var parser = ExpositionParser()
        var accumulator = DCGMAccumulator(defaultHost: "capture")
        accumulator.beginScrape()
        let outcome = ExpositionReader.read(fd: fd, parser: &parser, sink: &accumulator)
        return (parser, accumulator, outcome)
    }

    static func capture(_ name: String) throws -> GPUReading {
        let path = try #require(SharedData.expositionFiles.first { $0.hasSuffix("/" + name) }, "\(name) missing")
        let r = try read(path)
        #expect(r.parser.errors.isEmpty && r.accumulator.errors.isEmpty)
        let list = r.accumulator.readings()
        try #require(list.count == 1)
        return list[0]
    }

    @Test(.enabled(if: SharedData.root != nil, "../shared/data absent"))
    func everyCaptureParsesWithoutErrors() throws {
        let files = SharedData.expositionFiles
        #expect(files.count >= 2)
        for path in files {
            let r = try Self.read(path)
            #expect(r.outcome == .endOfInput)
            #expect(r.parser.errors.isEmpty, "\(path): \(r.parser.errors)")
            #expect(r.accumulator.errors.isEmpty, "\(path): \(r.accumulator.errors)")
            #expect(r.parser.sampleCount > 100 && r.accumulator.ignoredSamples > 0)
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
            #expect(r.parser.byteCount == size)
            // Byte-at-a-time feeding sees the same samples.
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let whole = parse(bytes), chunked = parse(bytes, cuts: Array(stride(from: 7, to: bytes.count, by: 7)))
            #expect(whole.rows == chunked.rows && whole.rows.count == r.parser.sampleCount)
        }
    }

    @Test(.enabled(if: SharedData.root != nil, "../shared/data absent"))
    func h100UnderLoad() throws {
        let x = try Self.capture(Self.h100)
        #expect(x.uuid == "00000000-0000-0000-0000-000000000000" && x.host == "capture" && x.index == 0)
        #expect(x.model == "NVIDIA H100 80GB HBM3")
        #expect(x.utilPercent == 100)
        #expect(x.memoryUsedMiB == 19_818.0)  // 2.0780679168e+10 bytes, exactly.
        #expect(x.memoryTotalMiB == 81_559.0)  // 8.5520809984e+10 bytes.
        #expect(x.powerWatts == 631.95 && x.temperatureC == 59)
        #expect(x.smClockMHz == 1980 && x.memoryClockMHz == 2619)
        #expect(x.conditions.isEmpty && x.owner == nil && x.migInstances.isEmpty)
    }

    @Test(.enabled(if: SharedData.root != nil, "../shared/data absent"))
    func h200Idle() throws {
        let x = try Self.capture(Self.h200)
        #expect(x.model == "NVIDIA H200")
        #expect(x.utilPercent == 0 && x.memoryUsedMiB == 0 && x.memoryTotalMiB == 143_771)
        #expect(x.powerWatts == 77.71 && x.temperatureC == 28)
        #expect(x.smClockMHz == 345 && x.memoryClockMHz == 3201)
        #expect(GPUModelName.canonical(x.model) == "H200")
    }

    // MARK: - scripts/gen-dcgm.py

    static let generator = PackageRoot.path + "/scripts/gen-dcgm.py"
    static let python: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    static let canGenerate = python != nil && FileManager.default.fileExists(atPath: generator)

    /// The generator's stdout for these arguments.
    static func generate(_ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(python))
        process.arguments = [generator] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return [UInt8](data)
    }

    @Test(.enabled(if: RealExpositionTests.canGenerate, "python3 or scripts/gen-dcgm.py absent"))
    func generatedFleetWithMIGAndPods() throws {
        let bytes = try Self.generate(["--gpus", "16", "--metrics", "20", "--seed", "3", "--mig-gpus", "2", "--pods", "-"])
        var parser = ExpositionParser()
        var accumulator = DCGMAccumulator()
        accumulator.beginScrape()
        bytes.withUnsafeBytes { parser.consume($0, into: &accumulator) }
        parser.finish(into: &accumulator)
        #expect(parser.errors.isEmpty && accumulator.errors.isEmpty && accumulator.errorCount == 0)
        let list = accumulator.readings()
        #expect(list.count == 16)
        #expect(Set(list.map(\.uuid)).count == 16)
        #expect(list.map(\.migInstances.count).sorted() == Array(repeating: 0, count: 14) + [2, 5])
        #expect(list.filter { $0.host == "node-00001" }.count == 8 && list.filter { $0.host == "node-00002" }.count == 8)
        #expect(list.allSatisfy { $0.utilPercent != nil && $0.memoryUsedMiB != nil && $0.memoryTotalMiB != nil })
        #expect(list.allSatisfy { $0.model == ($0.host == "node-00001" ? "NVIDIA H100 80GB HBM3" : "NVIDIA A100-SXM4-80GB") })
        #expect(list.allSatisfy { $0.powerWatts != nil && $0.temperatureC != nil && $0.index != nil })
        #expect(list.contains { $0.owner != nil } && list.contains { $0.owner == nil })
        let migs = list.filter { !$0.migInstances.isEmpty }
        #expect(migs.allSatisfy { $0.migInstances.map(\.instanceID) == $0.migInstances.map(\.instanceID).sorted() })
        // And into the fleet: 2 nodes, 16 GPUs.
        var ingest = TelemetryIngest(state: FleetState())
        _ = ingest.events(for: list, at: 1_793_577_600)
        #expect(ingest.state.nodes.map(\.gpuCount) == [8, 8] && ingest.state.gpus.count == 16)
        #expect(ingest.state.fleet.models.map(\.name) == ["H100", "A100"])
        #expect(ingest.state.gpus.migInstances.count == 2)
    }

    @Test(.enabled(if: RealExpositionTests.canGenerate, "python3 or scripts/gen-dcgm.py absent"))
    func generatedOpenMetricsWithTimestamps() throws {
        let bytes = try Self.generate(["--gpus", "4", "--openmetrics", "--timestamp", "1700000000", "-"])
        let p = parse(bytes)
        #expect(p.errors.isEmpty && p.parser.sawEOF)
        #expect(p.rows.count > 40 && p.rows.allSatisfy { $0.timestamp == 1_700_000_000 })
        #expect(Set(p.rows.compactMap { $0.label("UUID") ?? nil }).count == 4)
    }
}

import Foundation
import Testing
@testable import FleetFeeds
import FleetCore

/// Where the H200 capture lives under shared/data.
private let h200Folder = "telemetry/nvidia-smi-captures/h200"

/// The real H200 capture (driver 580.159.04): `nvidia-smi -q -x` and `--query-gpu` of every field, a few seconds apart.
@Suite("nvidia-smi H200 capture, real files", .enabled(
    if: SharedData.url(h200Folder) != nil, "shared/data/\(h200Folder) absent: H200 capture tests skipped"))
struct NvidiaSMIH200CaptureTests {
    static let folder = h200Folder
    static let uuid = "GPU-2f072493-9a8a-9753-84bb-67d78afb6ef0"

    static func path(_ file: String) throws -> String {
        try #require(SharedData.url("\(folder)/\(file)")).path
    }

    /// The one GPU of the capture, read by the parser (host given) and by the source (host from the file name).
    private func read(_ file: String) throws -> (parsed: GPUReading, sourced: GPUReading) {
        let path = try Self.path(file)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = file.hasSuffix(".xml")
            ? NvidiaSMIXML.parse(data, host: "fallback")
            : NvidiaSMICSV.parse(String(decoding: data, as: UTF8.self), host: "fallback")
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.readings.count == 1)
        var source = NvidiaSMISource(spec: path, timeout: 5)
        let update = source.fetch()
        #expect(update.failure == nil, "\(update.failure ?? "")")
        #expect(update.problemCount == 0, "\(update.firstProblem ?? "")")
        return (try #require(result.readings.first), try #require(update.readings.first))
    }

    @Test("-q -x: the values the XML holds; hostname absent, so the GPU is on host h200-idle (the file's name)")
    func xml() throws {
        let (gpu, sourced) = try read("h200-idle.xml")
        #expect(gpu.uuid == Self.uuid)
        #expect(gpu.model == "NVIDIA H200")
        #expect(gpu.index == 0)
        #expect(gpu.host == "fallback")
        #expect(gpu.memoryTotalMiB == 143771)
        #expect(gpu.memoryUsedMiB == 0)
        // v13: no power_draw; average_power_draw 102.97 W is preferred over instant_power_draw 78.74 W.
        #expect(gpu.powerWatts == 102.97)
        #expect(gpu.temperatureC == 35)
        #expect(gpu.smClockMHz == 390)
        #expect(gpu.memoryClockMHz == 3201)
        #expect(gpu.utilPercent == 0)
        #expect(gpu.conditions.isEmpty)
        #expect(gpu.migInstances.isEmpty)
        #expect(sourced.uuid == Self.uuid)
        #expect(sourced.host == "h200-idle")
    }

    @Test("--query-gpu of every field (198 columns, csv with units): the values the CSV holds; hostname [N/A] → h200-idle")
    func csv() throws {
        let (gpu, sourced) = try read("h200-idle.csv")
        #expect(gpu.uuid == Self.uuid)
        #expect(gpu.model == "NVIDIA H200")
        #expect(gpu.index == 0)
        #expect(gpu.host == "fallback")
        #expect(gpu.memoryTotalMiB == 143771)
        #expect(gpu.memoryUsedMiB == 0)
        #expect(gpu.powerWatts == 96.01)  // power.draw; power.draw.instant was 77.72
        #expect(gpu.temperatureC == 35)
        #expect(gpu.smClockMHz == 345)
        #expect(gpu.memoryClockMHz == 3201)
        #expect(gpu.utilPercent == 0)
        #expect(gpu.conditions.isEmpty)
        #expect(sourced.uuid == Self.uuid)
        #expect(sourced.host == "h200-idle")
    }

    @Test("the same rows without their header, read with the query fields given (--nvidia-smi-fields)")
    func csvNoHeader() throws {
        let text = try String(contentsOfFile: try Self.path("h200-idle.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        let fields = try #require(lines.first).split(separator: ",").map { String($0) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gpu-node-9.csv")
        try lines.dropFirst().joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        var source = NvidiaSMISource(spec: file.path, timeout: 5, fields: fields)
        let update = source.fetch()
        #expect(update.failure == nil, "\(update.failure ?? "")")
        let gpu = try #require(update.readings.first)
        #expect(gpu.uuid == Self.uuid)
        #expect(gpu.host == "gpu-node-9")
        #expect(gpu.powerWatts == 96.01)
        #expect(gpu.memoryTotalMiB == 143771)
    }

    @Test("the --help-query-gpu text is refused as such, not read as a CSV without a uuid column")
    func helpText() throws {
        var source = NvidiaSMISource(spec: try Self.path("h200-help-query-gpu.txt"), timeout: 5)
        let update = source.fetch()
        #expect(update.readings.isEmpty)
        #expect(update.failure?.contains("--help-query-gpu") == true, "\(update.failure ?? "")")
    }
}

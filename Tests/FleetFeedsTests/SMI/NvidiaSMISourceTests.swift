import Foundation
import Testing
@testable import FleetFeeds
import FleetCore

/// How `--nvidia-smi` arguments are told apart (file, missing file, command) and where their GPUs are placed.
@Suite("nvidia-smi source: files, commands, hosts")
struct NvidiaSMISourceTests {
    static let rows = """
        0, GPU-aaaaaaaa-0000-0000-0000-000000000000, NVIDIA H100 80GB HBM3, 45, 1234, 81559, 70.50
        1, GPU-bbbbbbbb-0000-0000-0000-000000000000, NVIDIA H100 80GB HBM3, 100, 19818, 81559, 631.95
        """
    static let fields = ["index", "uuid", "name", "utilization.gpu", "memory.used", "memory.total", "power.draw"]

    /// A scratch file named `name` holding `text`, removed by the caller.
    private func file(_ name: String, _ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fleetdeck-smi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("a path that does not exist is reported as no such file, never run as a command", arguments: [
        "/nonexistent/gpu1.xml", "captures/gpu1.csv", "gpu1.xml", "gpu1.CSV", "smi-out.txt", "./nvidia-smi-q-x",
    ])
    func missingPath(_ spec: String) {
        var source = NvidiaSMISource(spec: spec, timeout: 5)
        let update = source.fetch()
        #expect(update.failure == "no such file: \(spec)")
    }

    @Test("arguments with spaces, or bare words without a data extension, are commands")
    func commands() {
        #expect(NvidiaSMISource.input("nvidia-smi -q -x") == .command)
        #expect(NvidiaSMISource.input("ssh gpu1 cat /tmp/smi.xml") == .command)
        #expect(NvidiaSMISource.input("nvidia-smi") == .command)
        #expect(NvidiaSMISource.input("/definitely/missing.xml") == .missingFile)
    }

    @Test("a header-less CSV file is read with the given fields; its GPUs are on the host the file is named after")
    func headerlessFileWithFields() throws {
        let url = try file("gpu-node-3.csv", Self.rows)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        var source = NvidiaSMISource(spec: url.path, timeout: 5, fields: Self.fields)
        let update = source.fetch()
        #expect(update.failure == nil, "\(update.failure ?? "")")
        #expect(update.readings.map(\.uuid) == [
            "GPU-aaaaaaaa-0000-0000-0000-000000000000", "GPU-bbbbbbbb-0000-0000-0000-000000000000",
        ])
        #expect(update.readings.allSatisfy { $0.host == "gpu-node-3" })
        #expect(update.readings.last?.powerWatts == 631.95)
    }

    @Test("a header-less CSV file without fields fails saying which option to pass")
    func headerlessFileWithoutFields() throws {
        let url = try file("gpu-node-3.csv", Self.rows)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        var source = NvidiaSMISource(spec: url.path, timeout: 5)
        let update = source.fetch()
        #expect(update.readings.isEmpty)
        #expect(update.failure?.contains("--nvidia-smi-fields") == true, "\(update.failure ?? "")")
    }

    @Test("a file that names no host (hostname [N/A]) is placed on the file's name, never on this machine")
    func fileHost() throws {
        let csv = "uuid, hostname, power.draw [W]\nGPU-x, [N/A], 90.5 W\n"
        let url = try file("rack4-node2.csv", csv)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        var source = NvidiaSMISource(spec: url.path, timeout: 5)
        let gpu = try #require(source.fetch().readings.first)
        #expect(gpu.host == "rack4-node2")
        #expect(gpu.host != ProcessInfo.processInfo.hostName)
    }

    @Test("a file that names its host keeps it")
    func namedHost() throws {
        let url = try file("capture.csv", "uuid, hostname\nGPU-x, dgx-17\n")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        var source = NvidiaSMISource(spec: url.path, timeout: 5)
        #expect(source.fetch().readings.first?.host == "dgx-17")
    }

    @Test("a command's CSV without a header is read with the --nvidia-smi-fields list")
    func commandWithFields() {
        var source = NvidiaSMISource(spec: "printf 'GPU-c, 12\\n'", timeout: 5, fields: ["uuid", "temperature.gpu"])
        let update = source.fetch()
        #expect(update.failure == nil, "\(update.failure ?? "")")
        #expect(update.readings.first?.temperatureC == 12)
    }

    @Test("every --nvidia-smi is its own source with a distinct name; a repeated one is read once")
    func repeatable() {
        let configs = TelemetrySourceConfig.nvidiaSMI(["a.xml", "ssh gpu2 nvidia-smi -q -x", "a.xml"], fields: ["uuid"])
        #expect(configs.count == 2)
        #expect(Set(configs.map(\.name)).count == 2)
        #expect(configs.allSatisfy { $0.kind == "nvidia-smi" })
        #expect(configs.first == .nvidiaSMI(commandOrPath: "a.xml", fields: ["uuid"]))
    }
}

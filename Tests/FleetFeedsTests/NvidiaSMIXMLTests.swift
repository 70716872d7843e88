import Foundation
import Testing
import FleetFeeds
import FleetCore

@Suite("nvidia-smi -q -x, real files", .enabled(if: SharedData.hasTelemetry, "/work/shared/data absent"))
struct NvidiaSMIXMLFileTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var file: String
        var uuid: String
        var model: String
        var index: Int?
        var util: Double?
        var used: Double
        var total: Double
        var power: Double?
        var temp: Double
        var sm: Double
        var memClock: Double
        var testDescription: String { file }
    }

    static let files: [Expected] = [
        Expected(file: "a100-sxm4-v12.xml", uuid: "GPU-513536b6-7d19-9063-b049-1e69664bb298",
                 model: "NVIDIA A100-SXM4-80GB", index: 1, util: nil, used: 50, total: 81920, power: 67.03,
                 temp: 27, sm: 1275, memClock: 1593),
        Expected(file: "a10g.xml", uuid: "GPU-9a9a6c50-2a47-2f51-a902-b82c3b127e94", model: "NVIDIA A10G",
                 index: 0, util: 0, used: 22, total: 23028, power: 25.58, temp: 17, sm: 210, memClock: 405),
        // v10: no minor_number, power_draw N/A.
        Expected(file: "gtx-1070-ti.xml", uuid: "GPU-f9ba66fc-a7f5-94c5-da19-019ef2f9c665",
                 model: "GeForce GTX 1070 Ti", index: nil, util: 0, used: 42, total: 4096, power: nil, temp: 39,
                 sm: 135, memClock: 405),
        // v13: no power_draw, only average_power_draw (139.62) and instant_power_draw (142.33).
        Expected(file: "rtx-3080-v13.xml", uuid: "GPU-19d6d965-2acc-f646-00f8-4c76979aabb4",
                 model: "NVIDIA GeForce RTX 3080", index: 0, util: 65, used: 9184, total: 10240, power: 139.62,
                 temp: 27, sm: 1950, memClock: 9251),
        Expected(file: "rtx-3090-v12.xml", uuid: "GPU-12345678-aaaa-bbbb-cccc-0123456789ab",
                 model: "NVIDIA GeForce RTX 3090", index: 0, util: 0, used: 1, total: 24576, power: 27.23,
                 temp: 37, sm: 0, memClock: 405),
        Expected(file: "tesla-t4.xml", uuid: "GPU-d37e67a5-91dd-3774-a5cb-99096249601a", model: "Tesla T4",
                 index: 0, util: 0, used: 1032, total: 15360, power: 26.78, temp: 40, sm: 585, memClock: 5000),
    ]

    static func data(_ file: String) throws -> Data {
        let url = try #require(SharedData.url("telemetry/nvidia-smi-xml/\(file)"))
        return try Data(contentsOf: url)
    }

    @Test("every file in nvidia-smi-xml parses without errors to at least one GPU")
    func everyFile() throws {
        let directory = try #require(SharedData.url("telemetry/nvidia-smi-xml"))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".xml") }
        #expect(files.count >= 6)
        for file in files {
            let result = NvidiaSMIXML.parse(try Data(contentsOf: directory.appendingPathComponent(file)), host: "h")
            #expect(result.errors.isEmpty, "\(file): \(result.errors)")
            #expect(result.readings.count >= 1, "\(file)")
        }
    }

    @Test("values match the file", arguments: files)
    func values(_ expected: Expected) throws {
        let result = NvidiaSMIXML.parse(try Self.data(expected.file), host: "node-7")
        #expect(result.errors.isEmpty, "\(result.errors)")
        let gpu = try #require(result.readings.first)
        #expect(result.readings.count == 1)
        #expect(gpu.uuid == expected.uuid)
        #expect(gpu.host == "node-7")
        #expect(gpu.model == expected.model)
        #expect(gpu.index == expected.index)
        #expect(gpu.utilPercent == expected.util)
        #expect(gpu.memoryUsedMiB == expected.used)
        #expect(gpu.memoryTotalMiB == expected.total)
        #expect(gpu.powerWatts == expected.power)
        #expect(gpu.temperatureC == expected.temp)
        #expect(gpu.smClockMHz == expected.sm)
        #expect(gpu.memoryClockMHz == expected.memClock)
        // gpu_idle is Active on two of them; that is no health condition.
        #expect(gpu.conditions.isEmpty)
        #expect(gpu.lastXID == nil)
    }

    @Test("A100 with MIG: four 1-slice instances, ids 3 to 6, 12 of 19968 MiB each, no profile in the XML")
    func mig() throws {
        let gpu = try #require(NvidiaSMIXML.parse(try Self.data("a100-sxm4-v12.xml"), host: "h").readings.first)
        #expect(gpu.migInstances.map(\.instanceID) == [3, 4, 5, 6])
        #expect(gpu.migInstances.allSatisfy { $0.memoryUsedMiB == 12 && $0.memoryTotalMiB == 19968 })
        #expect(gpu.migInstances.allSatisfy { $0.profile.isEmpty && $0.utilPercent == nil })
        let others = try ["a10g.xml", "tesla-t4.xml"].map { try Self.data($0) }
        #expect(others.allSatisfy { NvidiaSMIXML.parse($0, host: "h").readings.first?.migInstances == [] })
    }

    /// A real file with some text replaced, to drive the health conditions.
    private func edited(_ file: String, _ replacements: [(String, String)]) throws -> GPUReading? {
        var text = try #require(String(data: try Self.data(file), encoding: .utf8))
        for (old, new) in replacements {
            #expect(text.contains(old), "\(file) has no \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let result = NvidiaSMIXML.parse(Data(text.utf8), host: "h")
        #expect(result.errors.isEmpty, "\(result.errors)")
        return result.readings.first
    }

    @Test("throttle reasons (v11 clocks_throttle_reasons, v12 clocks_event_reasons) set conditions")
    func throttle() throws {
        let hot = try edited("a10g.xml", [(
            "<clocks_throttle_reason_hw_thermal_slowdown>Not Active",
            "<clocks_throttle_reason_hw_thermal_slowdown>Active"
        )])
        #expect(hot?.conditions == [.thermalThrottle])
        let braking = try edited("a100-sxm4-v12.xml", [
            ("<clocks_event_reason_hw_power_brake_slowdown>Not Active",
             "<clocks_event_reason_hw_power_brake_slowdown>Active"),
            ("<clocks_event_reason_sw_thermal_slowdown>Not Active", "<clocks_event_reason_sw_thermal_slowdown>Active"),
        ])
        #expect(braking?.conditions == [.thermalThrottle, .powerBrake])
    }

    @Test("remapped rows, pending retirement and volatile uncorrectable ECC set conditions")
    func memoryHealth() throws {
        let remapped = try edited("a10g.xml", [
            ("<remapped_row_unc>0<", "<remapped_row_unc>3<"),
            ("<remapped_row_pending>No<", "<remapped_row_pending>Yes<"),
            ("<remapped_row_failure>No<", "<remapped_row_failure>Yes<"),
        ])
        #expect(remapped?.conditions == [.uncorrectableRemappedRows, .rowRemapPending, .rowRemapFailure])
        let retiring = try edited("tesla-t4.xml", [("<pending_retirement>No<", "<pending_retirement>Yes<")])
        #expect(retiring?.conditions == [.rowRemapPending])
        // Only the volatile counter counts, not the aggregate one.
        let ecc = try edited("tesla-t4.xml", [(
            "<dram_uncorrectable>0</dram_uncorrectable>\n            </volatile>",
            "<dram_uncorrectable>2</dram_uncorrectable>\n            </volatile>"
        )])
        #expect(ecc?.conditions == [.uncorrectableECC])
        let aggregateOnly = try edited("tesla-t4.xml", [(
            "<dram_uncorrectable>0</dram_uncorrectable>\n            </aggregate>",
            "<dram_uncorrectable>2</dram_uncorrectable>\n            </aggregate>"
        )])
        #expect(aggregateOnly?.conditions == [])
    }

    @Test("a truncated real file: an error with a line, no half-read GPU")
    func truncated() throws {
        let data = try Self.data("tesla-t4.xml")
        let result = NvidiaSMIXML.parse(data.prefix(data.count / 2), host: "h")
        #expect(result.readings.isEmpty)
        #expect(result.errors.count == 1)
        #expect((result.errors.first?.line ?? 0) > 1)
    }
}

@Suite("nvidia-smi -q -x, small documents")
struct NvidiaSMIXMLTests {
    @Test("two GPUs, v10-style ECC (double_bit total) and power_readings")
    func twoGPUs() {
        let xml = """
            <?xml version="1.0" ?>
            <nvidia_smi_log>
              <gpu id="0">
                <product_name>Tesla K80</product_name><uuid>GPU-k80-a</uuid><minor_number>0</minor_number>
                <ecc_errors><volatile><double_bit><device_memory>1</device_memory><total>1</total></double_bit>
                </volatile></ecc_errors>
                <power_readings><power_draw>60.10 W</power_draw></power_readings>
                <processes><process_info><used_memory>22 MiB</used_memory></process_info></processes>
              </gpu>
              <gpu id="1">
                <product_name>Tesla K80</product_name><uuid>GPU-k80-b</uuid><minor_number>1</minor_number>
                <fb_memory_usage><total>11441 MiB</total><used>N/A</used></fb_memory_usage>
              </gpu>
            </nvidia_smi_log>
            """
        let result = NvidiaSMIXML.parse(Data(xml.utf8), host: "h")
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.readings.map(\.uuid) == ["GPU-k80-a", "GPU-k80-b"])
        #expect(result.readings.map(\.index) == [0, 1])
        #expect(result.readings.first?.conditions == [.uncorrectableECC])
        #expect(result.readings.first?.powerWatts == 60.1)
        #expect(result.readings.first?.memoryUsedMiB == nil)
        #expect(result.readings.last?.memoryTotalMiB == 11441)
        #expect(result.readings.last?.memoryUsedMiB == nil)
    }

    @Test("malformed XML: an error with the line XMLParser stopped at")
    func malformed() {
        let xml = "<nvidia_smi_log>\n<gpu>\n<uuid>GPU-1</uuid>\n</gpux>\n</nvidia_smi_log>\n"
        let result = NvidiaSMIXML.parse(Data(xml.utf8), host: "h")
        #expect(result.readings.isEmpty)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.line == 4)
        #expect(result.errors.first?.description.hasPrefix("line 4: malformed XML") == true)
    }

    @Test("GPUs before the damage are kept")
    func malformedAfterFirstGPU() {
        let xml = "<nvidia_smi_log>\n<gpu><uuid>GPU-1</uuid></gpu>\n<gpu><uuid>GPU-2</uu\n"
        let result = NvidiaSMIXML.parse(Data(xml.utf8), host: "h")
        #expect(result.readings.map(\.uuid) == ["GPU-1"])
        #expect(result.errors.count == 1)
    }

    @Test("garbage, empty input, another root element and a GPU without uuid are errors")
    func otherErrors() {
        #expect(NvidiaSMIXML.parse(Data("not xml at all".utf8), host: "h").errors.count == 1)
        #expect(NvidiaSMIXML.parse(Data(), host: "h").errors.count == 1)
        let wrongRoot = NvidiaSMIXML.parse(Data("<html><gpu><uuid>x</uuid></gpu></html>".utf8), host: "h")
        #expect(wrongRoot.readings.isEmpty)
        #expect(wrongRoot.errors.first?.message.contains("<html>") == true)
        let noUUID = NvidiaSMIXML.parse(Data("<nvidia_smi_log>\n<gpu>\n</gpu></nvidia_smi_log>".utf8), host: "h")
        #expect(noUUID.readings.isEmpty)
        #expect(noUUID.errors == [TelemetryParseError(line: 2, "gpu has no uuid")])
    }

    @Test("an unreadable number is reported with its line and read as nil")
    func unreadable() {
        let xml = "<nvidia_smi_log><gpu><uuid>GPU-1</uuid>\n<temperature><gpu_temp>hot</gpu_temp></temperature></gpu>"
            + "</nvidia_smi_log>"
        let result = NvidiaSMIXML.parse(Data(xml.utf8), host: "h")
        #expect(result.readings.first?.temperatureC == nil)
        #expect(result.errors.map(\.line) == [2])
    }
}

@Suite("SharedData lookup")
struct SharedDataTests {
    @Test("found next to any ancestor of the calling file, absent from elsewhere")
    func lookup() throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("fleetdeck-shareddata-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let telemetry = root.appendingPathComponent("shared/data/telemetry")
        let sources = root.appendingPathComponent("repo/Tests/Suite")
        try FileManager.default.createDirectory(at: telemetry, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let file = sources.appendingPathComponent("X.swift").path
        let found = SharedData.url("telemetry", from: file)
        #expect(found?.standardizedFileURL.path == telemetry.standardizedFileURL.path)
        #expect(SharedData.url("telemetry/no-such-file", from: file) == nil)
        #expect(SharedData.url("telemetry", from: "/nonexistent/a/b/c.swift") == nil)
    }
}

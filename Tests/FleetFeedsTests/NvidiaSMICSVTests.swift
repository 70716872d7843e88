import Foundation
import Testing
import FleetFeeds
import FleetCore

@Suite("nvidia-smi --query-gpu CSV")
struct NvidiaSMICSVTests {
    static let fields = [
        "index", "uuid", "name", "utilization.gpu", "memory.used", "memory.total", "power.draw", "temperature.gpu",
        "clocks.sm", "clocks.mem",
    ]
    static let header = "index, uuid, name, utilization.gpu [%], memory.used [MiB], memory.total [MiB], power.draw [W], "
        + "temperature.gpu, clocks.current.sm [MHz], clocks.current.memory [MHz]"
    static let rows = """
        0, GPU-aaaaaaaa-0000-0000-0000-000000000000, NVIDIA H100 80GB HBM3, 45 %, 1234 MiB, 81559 MiB, 70.50 W, 41, 1980 MHz, 2619 MHz
        1, GPU-bbbbbbbb-0000-0000-0000-000000000000, NVIDIA H100 80GB HBM3, 100 %, 19818 MiB, 81559 MiB, 631.95 W, 59, 1755 MHz, 2619 MHz
        """
    static let rowsNoUnits = """
        0, GPU-aaaaaaaa-0000-0000-0000-000000000000, NVIDIA H100 80GB HBM3, 45, 1234, 81559, 70.50, 41, 1980, 2619
        1, GPU-bbbbbbbb-0000-0000-0000-000000000000, NVIDIA H100 80GB HBM3, 100, 19818, 81559, 631.95, 59, 1755, 2619
        """

    /// The two GPUs every variant of the sample above must give.
    private func expectSample(_ result: (readings: [GPUReading], errors: [TelemetryParseError])) {
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.readings.count == 2)
        guard result.readings.count == 2 else { return }
        let first = result.readings[0]
        #expect(first.uuid == "GPU-aaaaaaaa-0000-0000-0000-000000000000")
        #expect(first.host == "node-1")
        #expect(first.index == 0)
        #expect(first.model == "NVIDIA H100 80GB HBM3")
        #expect(first.utilPercent == 45)
        #expect(first.memoryUsedMiB == 1234)
        #expect(first.memoryTotalMiB == 81559)
        #expect(first.powerWatts == 70.5)
        #expect(first.temperatureC == 41)
        #expect(first.smClockMHz == 1980)
        #expect(first.memoryClockMHz == 2619)
        #expect(first.conditions.isEmpty)
        let second = result.readings[1]
        #expect(second.index == 1)
        #expect(second.utilPercent == 100)
        #expect(second.powerWatts == 631.95)
        #expect(second.smClockMHz == 1755)
    }

    @Test("csv: header with units, columns by name")
    func withHeader() {
        expectSample(NvidiaSMICSV.parse(Self.header + "\n" + Self.rows + "\n", host: "node-1"))
    }

    @Test("csv,nounits: header, values without units")
    func noUnits() {
        expectSample(NvidiaSMICSV.parse(Self.header + "\n" + Self.rowsNoUnits, host: "node-1"))
    }

    @Test("csv,noheader: fields given")
    func noHeader() {
        expectSample(NvidiaSMICSV.parse(Self.rows, host: "node-1", fields: Self.fields))
    }

    @Test("csv,noheader,nounits: fields given")
    func noHeaderNoUnits() {
        expectSample(NvidiaSMICSV.parse(Self.rowsNoUnits, host: "node-1", fields: Self.fields))
    }

    @Test("fields given but the header is there anyway: it is skipped")
    func fieldsWithHeader() {
        expectSample(NvidiaSMICSV.parse(Self.header + "\n" + Self.rows, host: "node-1", fields: Self.fields))
    }

    @Test("columns in another order, aliases (gpu_uuid, gpu_name), CRLF and blank lines")
    func reorderedAliasesCRLF() {
        let text = "gpu_name, temperature.gpu, gpu_uuid\r\n\r\nTesla T4, 40, GPU-t4\r\n"
        let result = NvidiaSMICSV.parse(text, host: "h")
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.readings.map(\.uuid) == ["GPU-t4"])
        #expect(result.readings.first?.model == "Tesla T4")
        #expect(result.readings.first?.temperatureC == 40)
        #expect(result.readings.first?.index == nil)
        #expect(result.readings.first?.utilPercent == nil)
    }

    @Test("[N/A], [Not Supported], N/A, [Unknown Error], [Insufficient Permissions] read as nil without errors")
    func notAvailable() {
        let text = """
            uuid, utilization.gpu [%], memory.used [MiB], power.draw [W], temperature.gpu, clocks.sm [MHz], name
            GPU-x, [N/A], [Not Supported], N/A, [Unknown Error], [Insufficient Permissions], [N/A]
            GPU-y, [Requested functionality has been deprecated], 0 MiB, [GPU is lost], 30, 0 MHz, Quadro
            """
        let result = NvidiaSMICSV.parse(text, host: "h")
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.readings.count == 2)
        let first = result.readings.first
        #expect(first?.utilPercent == nil)
        #expect(first?.memoryUsedMiB == nil)
        #expect(first?.powerWatts == nil)
        #expect(first?.temperatureC == nil)
        #expect(first?.smClockMHz == nil)
        #expect(first?.model == "")
        let second = result.readings.last
        #expect(second?.utilPercent == nil)
        #expect(second?.memoryUsedMiB == 0)
        #expect(second?.powerWatts == nil)
        #expect(second?.smClockMHz == 0)
    }

    @Test("throttle reasons, remapped rows, retired pages and ECC become conditions (old and new names)")
    func conditions() {
        let text = """
            uuid, clocks_throttle_reasons.hw_thermal_slowdown, clocks_event_reasons.sw_thermal_slowdown, \
            clocks_event_reasons.hw_power_brake_slowdown, remapped_rows.pending, remapped_rows.failure, \
            remapped_rows.uncorrectable, ecc.errors.uncorrected.volatile.total, retired_pages.pending
            GPU-ok, Not Active, Not Active, Not Active, No, No, 0, 0, No
            GPU-hot, Active, Not Active, Not Active, No, No, 0, 0, [N/A]
            GPU-swhot, Not Active, Active, Active, No, No, 0, 0, No
            GPU-bad, Not Active, Not Active, Not Active, Yes, Yes, 2, 3, No
            GPU-retire, [N/A], [N/A], [N/A], [N/A], [N/A], [N/A], [N/A], Yes
            """
        let result = NvidiaSMICSV.parse(text, host: "h")
        #expect(result.errors.isEmpty, "\(result.errors)")
        let byUUID = Dictionary(uniqueKeysWithValues: result.readings.map { ($0.uuid, $0.conditions) })
        #expect(byUUID["GPU-ok"] == [])
        #expect(byUUID["GPU-hot"] == [.thermalThrottle])
        #expect(byUUID["GPU-swhot"] == [.thermalThrottle, .powerBrake])
        #expect(byUUID["GPU-bad"] == [.rowRemapPending, .rowRemapFailure, .uncorrectableRemappedRows, .uncorrectableECC])
        #expect(byUUID["GPU-retire"] == [.rowRemapPending])
    }

    @Test("power.draw falls back to power.draw.average, then power.draw.instant")
    func powerFallback() {
        let text = """
            uuid, power.draw [W], power.draw.average [W], power.draw.instant [W]
            GPU-a, 10.00 W, 11.00 W, 12.00 W
            GPU-b, [N/A], 11.00 W, 12.00 W
            GPU-c, [N/A], [N/A], 12.00 W
            """
        let result = NvidiaSMICSV.parse(text, host: "h")
        #expect(result.errors.isEmpty)
        #expect(result.readings.map(\.powerWatts) == [10, 11, 12])
    }

    @Test("a row with the wrong number of values: error with its line, the other rows kept")
    func malformedRow() {
        let text = """
            uuid, name, temperature.gpu, utilization.gpu [%]
            GPU-1, Tesla T4, 40, 5 %
            GPU-2, Tesla T4
            GPU-3, Tesla T4, 42, 7 %
            """
        let result = NvidiaSMICSV.parse(text, host: "h")
        #expect(result.readings.map(\.uuid) == ["GPU-1", "GPU-3"])
        #expect(result.errors == [TelemetryParseError(line: 3, "expected 4 values, found 2")])
        #expect(result.errors.first?.description == "line 3: expected 4 values, found 2")
    }

    @Test("an unreadable value: error naming line and field, the value nil, the row kept")
    func unreadableValue() {
        let text = """
            uuid, memory.used [MiB], temperature.gpu, clocks_event_reasons.hw_thermal_slowdown, index
            GPU-1, lots MiB, 40, Maybe, 1.5
            """
        let result = NvidiaSMICSV.parse(text, host: "h")
        #expect(result.readings.count == 1)
        #expect(result.readings.first?.memoryUsedMiB == nil)
        #expect(result.readings.first?.temperatureC == 40)
        #expect(result.readings.first?.index == nil)
        #expect(result.errors.count == 3)
        #expect(result.errors.allSatisfy { $0.line == 2 })
        #expect(result.errors.contains { $0.message.contains("memory.used") && $0.message.contains("lots MiB") })
        #expect(result.errors.contains { $0.message.contains("hw_thermal_slowdown") })
        #expect(result.errors.contains { $0.message.contains("index") })
    }

    @Test("a row without a UUID is an error; rows go on")
    func missingUUID() {
        let text = "uuid, temperature.gpu\n[N/A], 40\nGPU-2, 41\n"
        let result = NvidiaSMICSV.parse(text, host: "h")
        #expect(result.readings.map(\.uuid) == ["GPU-2"])
        #expect(result.errors.map(\.line) == [2])
    }

    @Test("a GPU name with a bare comma still splits into the right columns")
    func commaInName() {
        let text = "index, name, uuid\n0, Weird,Name GPU, GPU-1\n"
        let result = NvidiaSMICSV.parse(text, host: "h")
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.readings.first?.model == "Weird,Name GPU")
        #expect(result.readings.first?.uuid == "GPU-1")
    }

    @Test("no uuid column: one error, no readings")
    func noUUIDColumn() {
        let headerless = NvidiaSMICSV.parse("0, 45 %\n", host: "h")
        #expect(headerless.readings.isEmpty)
        #expect(headerless.errors.first?.line == 1)
        let fields = NvidiaSMICSV.parse("0, 45 %\n", host: "h", fields: ["index", "utilization.gpu"])
        #expect(fields.readings.isEmpty)
        #expect(fields.errors.count == 1)
    }

    @Test("empty output: nothing, no errors")
    func empty() {
        let result = NvidiaSMICSV.parse("\n\n", host: "h")
        #expect(result.readings.isEmpty)
        #expect(result.errors.isEmpty)
    }
}

/// The `--query-gpu … --format=csv` sections of the real nvidia-smi capture bundles.
@Suite("nvidia-smi captures", .enabled(if: SharedData.hasTelemetry, "/work/shared/data absent"))
struct NvidiaSMICaptureTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var file: String
        var model: String
        /// utilization %, memory used MiB, power W, temperature °C, SM clock MHz for idle, then load.
        var idle: (util: Double?, used: Double, power: Double, temp: Double, sm: Double)
        var load: (util: Double?, used: Double, power: Double, temp: Double, sm: Double)
        var total: Double
        var memClock: (idle: Double, load: Double)
        var testDescription: String { file }
    }

    static let captures: [Expected] = [
        Expected(file: "linux-x86_64__nvidia-geforce-rtx-2080-super__610.57.04.txt",
                 model: "NVIDIA GeForce RTX 2080 SUPER",
                 idle: (0, 211, 39.17, 33, 765), load: (8, 815, 98.14, 38, 2070), total: 8192,
                 memClock: (810, 7500)),
        Expected(file: "linux-x86_64__nvidia-geforce-rtx-4080-super__595.71.05.txt",
                 model: "NVIDIA GeForce RTX 4080 SUPER",
                 idle: (0, 596, 26.20, 43, 210), load: (7, 1474, 84.24, 46, 2805), total: 16376,
                 memClock: (405, 11251)),
        Expected(file: "linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01.txt", model: "NVIDIA H100 80GB HBM3",
                 idle: (0, 0, 69.85, 41, 345), load: (100, 19818, 631.95, 59, 1980), total: 81559,
                 memClock: (2619, 2619)),
        // MIG enabled: the GPU-level utilization is [N/A]; the CSV has no per-instance rows.
        Expected(file: "linux-x86_64__nvidia-h100-mig__590.48.01.txt", model: "NVIDIA H100 80GB HBM3",
                 idle: (nil, 59, 71.15, 42, 345), load: (nil, 11125, 433.78, 53, 1980), total: 81559,
                 memClock: (2619, 2619)),
        Expected(file: "linux-x86_64__nvidia-h200__590.48.01.txt", model: "NVIDIA H200",
                 idle: (0, 0, 77.71, 28, 345), load: (100, 32362, 627.40, 52, 1980), total: 143771,
                 memClock: (3201, 3201)),
    ]

    /// One `<state> :: query-gpu (csv…)` section: the --query-gpu fields from its command line and its output lines.
    struct Section {
        var fields: [String]
        var output: String
    }

    /// The sections of a capture file, by state ("idle", "load").
    static func csvSections(_ text: String) -> [String: Section] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var sections: [String: Section] = [:]
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard line.hasPrefix("# "), line.contains(":: query-gpu (csv"),
                  let state = line.dropFirst(2).split(separator: " ").first else { index += 1; continue }
            // "# $ nvidia-smi --query-gpu=a,b,c --format=csv", then the closing rule, then the output.
            var fields: [String] = []
            if index + 1 < lines.count, let range = lines[index + 1].range(of: "--query-gpu=") {
                let list = lines[index + 1][range.upperBound...].prefix { $0 != " " }
                fields = list.split(separator: ",").map(String.init)
            }
            var cursor = index + 1
            while cursor < lines.count, !lines[cursor].hasPrefix("####") { cursor += 1 }
            cursor += 1
            var output: [Substring] = []
            while cursor < lines.count, !lines[cursor].hasPrefix("####") {
                output.append(lines[cursor])
                cursor += 1
            }
            sections[String(state)] = Section(fields: fields, output: output.joined(separator: "\n"))
            index = cursor
        }
        return sections
    }

    @Test("query-gpu CSV sections parse with the values the capture shows", arguments: captures)
    func capture(_ expected: Expected) throws {
        let url = try #require(SharedData.url("telemetry/nvidia-smi-captures/\(expected.file)"))
        let sections = Self.csvSections(try String(contentsOf: url, encoding: .utf8))
        #expect(Set(sections.keys) == ["idle", "load"])
        for (state, values) in [("idle", expected.idle), ("load", expected.load)] {
            let section = try #require(sections[state])
            let result = NvidiaSMICSV.parse(section.output, host: "capture")
            #expect(result.errors.isEmpty, "\(state): \(result.errors)")
            #expect(result.readings.count == 1)
            let gpu = try #require(result.readings.first)
            #expect(gpu.uuid == "GPU-00000000-0000-0000-0000-000000000000")
            #expect(gpu.index == 0)
            #expect(gpu.model == expected.model)
            #expect(gpu.utilPercent == values.util, "\(state)")
            #expect(gpu.memoryUsedMiB == values.used, "\(state)")
            #expect(gpu.memoryTotalMiB == expected.total)
            #expect(gpu.powerWatts == values.power, "\(state)")
            #expect(gpu.temperatureC == values.temp, "\(state)")
            #expect(gpu.smClockMHz == values.sm, "\(state)")
            #expect(gpu.memoryClockMHz == (state == "idle" ? expected.memClock.idle : expected.memClock.load))
            #expect(gpu.conditions.isEmpty)

            // The same output as csv,noheader with the command's own field list gives the same reading.
            #expect(section.fields.count > 100)
            let rows = section.output.split(separator: "\n").dropFirst().joined(separator: "\n")
            let noHeader = NvidiaSMICSV.parse(rows, host: "capture", fields: section.fields)
            #expect(noHeader.errors.isEmpty, "\(state) noheader: \(noHeader.errors)")
            #expect(noHeader.readings == result.readings)

            // And as csv,nounits (units taken off the values) too.
            let noUnits = section.output.split(separator: "\n").enumerated().map { offset, line in
                offset == 0 ? String(line) : line.split(separator: ",", omittingEmptySubsequences: false).map {
                    let cell = $0.hasPrefix(" ") ? $0.dropFirst() : $0
                    guard let space = cell.lastIndex(of: " "), !cell.hasPrefix("["),
                          Double(cell[..<space]) != nil else { return String(cell) }
                    return String(cell[..<space])
                }.joined(separator: ", ")
            }.joined(separator: "\n")
            let noUnitsResult = NvidiaSMICSV.parse(noUnits, host: "capture")
            #expect(noUnitsResult.errors.isEmpty, "\(state) nounits: \(noUnitsResult.errors)")
            #expect(noUnitsResult.readings == result.readings)
        }
    }
}

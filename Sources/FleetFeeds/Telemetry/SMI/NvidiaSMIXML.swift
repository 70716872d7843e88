import FleetCore
import Foundation

/// Reads `nvidia-smi -q -x` output (schemas v10 to v13) into readings, one per `<gpu>`; processes are ignored.
///
/// MIG devices become `MIGReading`s with their GPU instance id and memory; the XML names no MIG profile, so
/// `profile` is left empty. Malformed XML is reported with the line the reader stopped at, keeping the GPUs
/// read completely before it.
public enum NvidiaSMIXML {
    /// Parses one `nvidia-smi -q -x` document; `host` places GPUs when the document names no `<hostname>`.
    public static func parse(_ data: Data, host: String) -> (readings: [GPUReading], errors: [TelemetryParseError]) {
        if let problem = InputLimits.sizeProblem(data.count, .nvidiaSMI) { return ([], [TelemetryParseError(line: nil, problem)]) }
        // FoundationXML traps on an element name that is not valid UTF-8 (found by fuzzing); nvidia-smi writes UTF-8,
        // so anything else is refused before the parser sees it, with the line of the first bad byte.
        if let line = firstInvalidUTF8Line(data) {
            return ([], [TelemetryParseError(line: line, "not valid UTF-8")])
        }
        var reader = SimpleXMLReader(Array(data))
        let collector = Collector(host: host)
        if let failure = reader.read(into: collector) {
            collector.errors.append(TelemetryParseError(line: failure.line, "malformed XML: \(failure.message)"))
        } else if !collector.sawRoot {
            collector.errors.append(TelemetryParseError(line: nil, "no XML element in the input"))
        }
        return (collector.readings, collector.errors)
    }

    /// The 1-based line of the first byte sequence that is not UTF-8, or nil when all of `data` is UTF-8.
    static func firstInvalidUTF8Line(_ data: Data) -> Int? {
        var decoder = UTF8()
        var iterator = data.makeIterator()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }
}

/// One `<gpu>` being read.
private struct GPUBuilder {
    let line: Int
    var uuid: String?
    var model = ""
    var index: Int?
    var hostname: String?
    var values = GPUReading(uuid: "", host: "", model: "")
    /// Power candidates by preference: 0 power_draw, 1 average_power_draw, 2 instant_power_draw.
    var power: [Int: Double] = [:]
    var migs: [MIGReading] = []
}

/// One `<mig_device>` being read.
private struct MIGBuilder {
    let line: Int
    var instanceID: Int?
    var memoryUsedMiB: Double?
    var memoryTotalMiB: Double?
}

private final class Collector: SimpleXMLHandler {
    let host: String
    var readings: [GPUReading] = []
    var errors: [TelemetryParseError] = []
    var sawRoot = false
    private var path: [String] = []
    private var text = ""
    private var gpu: GPUBuilder?
    private var mig: MIGBuilder?
    private var wrongRoot = false
    /// A `<hostname>` directly under the root, for every GPU that names none of its own.
    private var documentHost: String?

    init(host: String) { self.host = host }

    func start(_ elementName: String, line: Int) {
        sawRoot = true
        path.append(elementName)
        text = ""
        if path.count == 1, elementName != "nvidia_smi_log" {
            wrongRoot = true
            errors.append(TelemetryParseError(
                line: line, "root element is <\(elementName)>, not <nvidia_smi_log>"))
        }
        if wrongRoot { return }
        if path.count == 2, elementName == "gpu" { gpu = GPUBuilder(line: line) }
        if gpu != nil, path.count == 4, path[2] == "mig_devices", elementName == "mig_device" {
            mig = MIGBuilder(line: line)
        }
    }

    func characters(_ string: String) { text += string }

    func end(_ elementName: String, line: Int) -> Bool {
        defer {
            path.removeLast()
            text = ""
        }
        if !wrongRoot, path.count == 2, elementName == "hostname", !SMIValue.isUnavailable(value) {
            documentHost = String(value)
        }
        guard !wrongRoot, path.count >= 2, path[1] == "gpu" else { return true }
        let relative = path.dropFirst(2)
        if mig != nil, relative.count >= 2 {
            if relative.count == 2 {
                finishMIG()
            } else {
                readMIGValue(relative.dropFirst(2).joined(separator: "/"), line: line)
            }
            return true
        }
        if relative.isEmpty {
            finishGPU()
        } else {
            readGPUValue(Array(relative), line: line)
        }
        return true
    }

    // MARK: - Values

    private var value: Substring { SMIValue.trimmed(Substring(text)) }

    private func readGPUValue(_ relative: [String], line: Int) {
        let key = relative.joined(separator: "/")
        let parent = relative.count >= 2 ? relative[relative.count - 2] : ""
        let leaf = relative.last ?? ""
        switch key {
        case "uuid":
            if !SMIValue.isUnavailable(value), !value.isEmpty { gpu?.uuid = String(value) }
        case "hostname":
            if !SMIValue.isUnavailable(value) { gpu?.hostname = String(value) }
        case "product_name":
            if !SMIValue.isUnavailable(value) { gpu?.model = String(value) }
        case "minor_number":
            if let number = number(key, line: line) {
                gpu?.index = Int(exactly: number)
                if gpu?.index == nil { errors.append(TelemetryParseError(line: line, "\(key): not a whole number")) }
            }
        case "utilization/gpu_util": gpu?.values.utilPercent = number(key, line: line)
        case "fb_memory_usage/used": gpu?.values.memoryUsedMiB = number(key, line: line)
        case "fb_memory_usage/total": gpu?.values.memoryTotalMiB = number(key, line: line)
        case "temperature/gpu_temp": gpu?.values.temperatureC = number(key, line: line)
        case "clocks/sm_clock": gpu?.values.smClockMHz = number(key, line: line)
        case "clocks/mem_clock": gpu?.values.memoryClockMHz = number(key, line: line)
        case "remapped_rows/remapped_row_unc":
            if let rows = number(key, line: line), rows > 0 { insert(.uncorrectableRemappedRows) }
        case "remapped_rows/remapped_row_pending":
            if flag(key, line: line) == true { insert(.rowRemapPending) }
        case "remapped_rows/remapped_row_failure":
            if flag(key, line: line) == true { insert(.rowRemapFailure) }
        case "retired_pages/pending_retirement":
            if flag(key, line: line) == true { insert(.rowRemapPending) }
        case "ecc_errors/volatile/double_bit/total":  // schemas before v11
            if let count = number(key, line: line), count > 0 { insert(.uncorrectableECC) }
        default:
            if parent == "gpu_power_readings" || parent == "power_readings",
               let rank = ["power_draw", "average_power_draw", "instant_power_draw"].firstIndex(of: leaf) {
                if let watts = number(key, line: line) { gpu?.power[rank] = watts }
            } else if parent == "clocks_event_reasons" || parent == "clocks_throttle_reasons" {
                if leaf.hasSuffix("_hw_thermal_slowdown") || leaf.hasSuffix("_sw_thermal_slowdown") {
                    if flag(key, line: line) == true { insert(.thermalThrottle) }
                } else if leaf.hasSuffix("_hw_power_brake_slowdown") {
                    if flag(key, line: line) == true { insert(.powerBrake) }
                }
            } else if relative.count == 3, relative[0] == "ecc_errors", relative[1] == "volatile",
                      leaf.contains("uncorrectable") {
                // dram_uncorrectable, sram_uncorrectable (v12), sram_uncorrectable_parity/_secded (v13)
                if let count = number(key, line: line), count > 0 { insert(.uncorrectableECC) }
            }
        }
    }

    private func readMIGValue(_ key: String, line: Int) {
        switch key {
        case "gpu_instance_id":
            if let number = number("mig_device/\(key)", line: line) {
                mig?.instanceID = Int(exactly: number)
            }
        case "fb_memory_usage/used": mig?.memoryUsedMiB = number("mig_device/\(key)", line: line)
        case "fb_memory_usage/total": mig?.memoryTotalMiB = number("mig_device/\(key)", line: line)
        default: break
        }
    }

    private func insert(_ condition: GPUConditionFlags) {
        gpu?.values.conditions.insert(condition)
    }

    private func number(_ key: String, line: Int) -> Double? {
        switch SMIValue.number(value) {
        case .value(let number): return number
        case .unavailable: return nil
        case .unreadable:
            errors.append(TelemetryParseError(line: line, "\(key): cannot read \"\(value)\" as a number"))
            return nil
        }
    }

    private func flag(_ key: String, line: Int) -> Bool? {
        switch SMIValue.flag(value) {
        case .value(let flag): return flag
        case .unavailable: return nil
        case .unreadable:
            errors.append(TelemetryParseError(line: line, "\(key): cannot read \"\(value)\" as Active/Yes/No"))
            return nil
        }
    }

    // MARK: - Finishing

    private func finishMIG() {
        defer { mig = nil }
        guard let mig else { return }
        guard let instanceID = mig.instanceID else {
            errors.append(TelemetryParseError(line: mig.line, "mig_device has no gpu_instance_id"))
            return
        }
        var reading = MIGReading(profile: "", instanceID: instanceID)
        reading.memoryUsedMiB = mig.memoryUsedMiB
        reading.memoryTotalMiB = mig.memoryTotalMiB
        gpu?.migs.append(reading)
    }

    private func finishGPU() {
        defer { gpu = nil }
        guard let gpu else { return }
        guard let uuid = gpu.uuid else {
            errors.append(TelemetryParseError(line: gpu.line, "gpu has no uuid"))
            return
        }
        var reading = gpu.values
        reading.uuid = uuid
        reading.host = gpu.hostname ?? documentHost ?? host
        reading.model = gpu.model
        reading.index = gpu.index
        reading.powerWatts = gpu.power.min { $0.key < $1.key }?.value
        reading.migInstances = gpu.migs
        readings.append(reading)
    }
}

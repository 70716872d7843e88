import FleetCore

/// Reads `nvidia-smi --query-gpu=FIELDS --format=csv[,noheader][,nounits]` output into readings.
///
/// Values go through unchanged or as nil: "[N/A]", "[Not Supported]" and other bracketed markers read as nil,
/// units ("45 %", "1234 MiB", "70.50 W") are dropped. A row that cannot be read is reported with its line number
/// and left out; a single unreadable value is reported and read as nil, the rest of its row kept.
public enum NvidiaSMICSV {
    /// Parses output that begins with nvidia-smi's header line (`csv` or `csv,nounits`), matching columns by name.
    ///
    /// `host` places GPUs whose row names no host (no `hostname` column, or `[N/A]` in it). Output of another
    /// query (`--query-compute-apps`, `--query-accounted-apps`, `--query-retired-pages`) is refused by name.
    public static func parse(_ text: String, host: String) -> (readings: [GPUReading], errors: [TelemetryParseError]) {
        if let problem = InputLimits.sizeProblem(text.utf8.count, .nvidiaSMI) { return ([], [TelemetryParseError(line: nil, problem)]) }
        let lines = numberedLines(text)
        guard let header = lines.first else { return ([], []) }
        if let refusal = NvidiaSMIQuery.helpTextRefusal(SMIValue.trimmed(header.text)) {
            return ([], [TelemetryParseError(line: header.number, refusal)])
        }
        let names = header.text.split(separator: ",", omittingEmptySubsequences: false).map(canonicalField)
        if let refusal = NvidiaSMIQuery.of(columns: names).refusal {
            return ([], [TelemetryParseError(line: header.number, refusal)])
        }
        guard names.contains(Field.uuid.rawValue) else {
            let problem = isHeader(header.text)
                ? "header has no uuid column (add uuid to --query-gpu)"
                : "no header line: csv,noheader output is read only with its --query-gpu fields given (--nvidia-smi-fields)"
            return ([], [TelemetryParseError(line: header.number, problem)])
        }
        return parseRows(lines.dropFirst(), columns: names, header: SMIValue.trimmed(header.text), host: host)
    }

    /// Parses output without a header (`csv,noheader` or `csv,noheader,nounits`); `fields` are the --query-gpu names in order.
    ///
    /// A header line that is there anyway (it names the same fields) is skipped.
    public static func parse(_ text: String, host: String, fields: [String]) -> (
        readings: [GPUReading], errors: [TelemetryParseError]
    ) {
        let names = fields.map { canonicalField(Substring($0)) }
        if let refusal = NvidiaSMIQuery.of(columns: names).refusal {
            return ([], [TelemetryParseError(line: nil, refusal)])
        }
        guard names.contains(Field.uuid.rawValue) else {
            return ([], [TelemetryParseError(line: nil, "fields include no uuid (or gpu_uuid)")])
        }
        var lines = numberedLines(text)[...]
        var header: Substring?
        if let first = lines.first,
           first.text.split(separator: ",", omittingEmptySubsequences: false).map(canonicalField) == names {
            header = SMIValue.trimmed(first.text)
            lines = lines.dropFirst()
        }
        return parseRows(lines, columns: names, header: header, host: host)
    }

    /// Parses output with or without a header: a first line naming columns is the header (and wins over `fields`);
    /// otherwise the rows are read with `fields`, the --query-gpu names in order, when given.
    public static func parse(_ text: String, host: String, fieldsIfNoHeader fields: [String]?) -> (
        readings: [GPUReading], errors: [TelemetryParseError]
    ) {
        guard let fields, let first = numberedLines(text).first, !isHeader(first.text),
              NvidiaSMIQuery.helpTextRefusal(SMIValue.trimmed(first.text)) == nil else {
            return parse(text, host: host)
        }
        return parse(text, host: host, fields: fields)
    }

    /// Whether `line` names columns rather than holding values: one of its cells is a field name nvidia-smi knows.
    static func isHeader(_ line: Substring) -> Bool {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(canonicalField)
        return cells.contains { Field(rawValue: $0) != nil || headerOnlyNames.contains($0) }
    }

    /// Column names of the queries nvidia-smi answers that never appear as a value.
    private static let headerOnlyNames: Set<String> = [
        "timestamp", "driver_version", "pci.bus_id", "serial", "pid", "process_name", "used_memory", "used_gpu_memory",
        "gpu_bus_id", "gpu_serial", "retired_pages.address", "retired_pages.cause",
    ]

    /// The name nvidia-smi's help gives first for a query field: units ("[MiB]") removed, aliases resolved
    /// ("gpu_uuid" → "uuid", "clocks.sm" → "clocks.current.sm", "clocks_throttle_reasons.*" → "clocks_event_reasons.*").
    static func canonicalField(_ raw: Substring) -> String {
        var name = SMIValue.trimmed(raw)
        if let bracket = name.firstIndex(of: "[") { name = SMIValue.trimmed(name[..<bracket]) }
        var field = name.lowercased()
        for (old, new) in prefixAliases where field.hasPrefix(old) {
            field = new + field.dropFirst(old.count)
        }
        return aliases[field] ?? field
    }

    // MARK: - Fields

    /// The query fields the readings are made of, by canonical name.
    private enum Field: String, CaseIterable {
        case uuid, name, index, hostname
        case util = "utilization.gpu"
        case memoryUsed = "memory.used"
        case memoryTotal = "memory.total"
        case power = "power.draw"
        case powerAverage = "power.draw.average"
        case powerInstant = "power.draw.instant"
        case temperature = "temperature.gpu"
        case smClock = "clocks.current.sm"
        case memoryClock = "clocks.current.memory"
        case hwThermal = "clocks_event_reasons.hw_thermal_slowdown"
        case swThermal = "clocks_event_reasons.sw_thermal_slowdown"
        case powerBrake = "clocks_event_reasons.hw_power_brake_slowdown"
        case eccUncorrectedVolatile = "ecc.errors.uncorrected.volatile.total"
        case retiredPagesPending = "retired_pages.pending"
        case remapFailure = "remapped_rows.failure"
        case remapPending = "remapped_rows.pending"
        case remapUncorrectable = "remapped_rows.uncorrectable"
    }

    private static let aliases: [String: String] = [
        "gpu_name": "name", "gpu_uuid": "uuid",
        "clocks.sm": "clocks.current.sm", "clocks.mem": "clocks.current.memory",
        "clocks.gr": "clocks.current.graphics", "clocks.video": "clocks.current.video",
        "remapped_rows.dbe": "remapped_rows.uncorrectable", "remapped_rows.sbe": "remapped_rows.correctable",
    ]

    private static let prefixAliases: [(String, String)] = [
        ("clocks_throttle_reasons.", "clocks_event_reasons."),
        ("gpu.power.", "power."),
    ]

    // MARK: - Rows

    private typealias Line = (number: Int, text: Substring)

    /// Non-blank lines with their 1-based line numbers ("\r\n" counts as one break).
    private static func numberedLines(_ text: String) -> [Line] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .enumerated()
            .map { (number: $0.offset + 1, text: $0.element) }
            .filter { !SMIValue.trimmed($0.text).isEmpty }
    }

    private static func parseRows(
        _ lines: ArraySlice<Line>, columns: [String], header: Substring?, host: String
    ) -> (readings: [GPUReading], errors: [TelemetryParseError]) {
        var position: [Field: Int] = [:]
        for field in Field.allCases {
            if let at = columns.firstIndex(of: field.rawValue) { position[field] = at }
        }
        var readings: [GPUReading] = []
        var errors: [TelemetryParseError] = []
        for line in lines {
            if let header, SMIValue.trimmed(line.text) == header { continue }  // repeated header (nvidia-smi -l)
            guard let cells = split(line.text, into: columns.count) else {
                let found = line.text.split(separator: ",", omittingEmptySubsequences: false).count
                errors.append(TelemetryParseError(line: line.number, "expected \(columns.count) values, found \(found)"))
                continue
            }
            var row = Row(cells: cells, position: position, line: line.number)
            if let reading = row.reading(host: host) { readings.append(reading) }
            errors += row.errors
        }
        return (readings, errors)
    }

    /// The row's cells, trimmed: split on "," or, when that gives too many (a GPU name with a comma), on ", ".
    private static func split(_ line: Substring, into count: Int) -> [Substring]? {
        let byComma = line.split(separator: ",", omittingEmptySubsequences: false)
        if byComma.count == count { return byComma.map(SMIValue.trimmed) }
        let byCommaSpace = line.split(separator: ", ", omittingEmptySubsequences: false)
        if byCommaSpace.count == count { return byCommaSpace.map(SMIValue.trimmed) }
        return nil
    }

    /// One data row being read, collecting the problems with its values.
    private struct Row {
        let cells: [Substring]
        let position: [Field: Int]
        let line: Int
        var errors: [TelemetryParseError] = []

        init(cells: [Substring], position: [Field: Int], line: Int) {
            self.cells = cells
            self.position = position
            self.line = line
        }

        mutating func reading(host: String) -> GPUReading? {
            guard let uuid = cell(.uuid), !SMIValue.isUnavailable(uuid) else {
                errors.append(TelemetryParseError(line: line, "no GPU UUID in this row"))
                return nil
            }
            let model = cell(.name).flatMap { SMIValue.isUnavailable($0) ? nil : String($0) } ?? ""
            var index: Int?
            if let value = number(.index) {
                index = Int(exactly: value)
                if index == nil { complain(.index, "is not a whole number") }
            }
            // The host the row names wins; "[N/A]" (no host set on the GPU) leaves the caller's.
            let named = cell(.hostname).flatMap { SMIValue.isUnavailable($0) ? nil : String($0) }
            var reading = GPUReading(uuid: String(uuid), host: named ?? host, index: index, model: model)
            reading.utilPercent = number(.util)
            reading.memoryUsedMiB = number(.memoryUsed)
            reading.memoryTotalMiB = number(.memoryTotal)
            reading.powerWatts = number(.power) ?? number(.powerAverage) ?? number(.powerInstant)
            reading.temperatureC = number(.temperature)
            reading.smClockMHz = number(.smClock)
            reading.memoryClockMHz = number(.memoryClock)
            // Every flag is read (no short-circuit) so each unreadable one is reported.
            let thermal = [flag(.hwThermal), flag(.swThermal)].contains(true)
            let pending = [flag(.remapPending), flag(.retiredPagesPending)].contains(true)
            var conditions: GPUConditionFlags = []
            if thermal { conditions.insert(.thermalThrottle) }
            if flag(.powerBrake) == true { conditions.insert(.powerBrake) }
            if pending { conditions.insert(.rowRemapPending) }
            if flag(.remapFailure) == true { conditions.insert(.rowRemapFailure) }
            if let rows = number(.remapUncorrectable), rows > 0 { conditions.insert(.uncorrectableRemappedRows) }
            if let count = number(.eccUncorrectedVolatile), count > 0 { conditions.insert(.uncorrectableECC) }
            reading.conditions = conditions
            return reading
        }

        private func cell(_ field: Field) -> Substring? {
            position[field].map { cells[$0] }
        }

        private mutating func number(_ field: Field) -> Double? {
            guard let text = cell(field) else { return nil }
            switch SMIValue.number(text) {
            case .value(let value): return value
            case .unavailable: return nil
            case .unreadable:
                complain(field, "cannot read \"\(text)\" as a number")
                return nil
            }
        }

        private mutating func flag(_ field: Field) -> Bool? {
            guard let text = cell(field) else { return nil }
            switch SMIValue.flag(text) {
            case .value(let value): return value
            case .unavailable: return nil
            case .unreadable:
                complain(field, "cannot read \"\(text)\" as Active/Not Active or Yes/No")
                return nil
            }
        }

        private mutating func complain(_ field: Field, _ problem: String) {
            errors.append(TelemetryParseError(line: line, "\(field.rawValue): \(problem)"))
        }
    }
}

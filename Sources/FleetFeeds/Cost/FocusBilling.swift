import FleetCore
import Foundation

/// A FOCUS 1.0 billing export read for its GPU charges: rows of GPU instance types, by provider, region, GPU model
/// and month. Bad rows are reported with their line and skipped; the rest is used.
public struct FocusBilling: Sendable {
    /// Billed GPU charges of one provider, region, model and month.
    public struct Charge: Sendable, Hashable {
        public var month: String
        public var provider: String
        public var region: String
        public var model: String
        public var billed: Double
        public var gpuHours: Double
    }

    public var charges: [Charge]
    public var rows: Int
    public var problems: [String]

    static let required = ["BilledCost", "ChargePeriodStart", "ProviderName", "RegionId", "ChargeDescription", "ConsumedQuantity"]

    /// GPU model and GPUs per instance of the cloud instance types fleetdeck recognises (documented in the README).
    static func gpus(ofInstance text: String) -> (model: String, count: Int)? {
        let lower = text.lowercased()
        let table: [(String, String, [String: Int], Int)] = [
            ("p5.", "H100", [:], 8), ("p4d.", "A100", [:], 8), ("p4de.", "A100", [:], 8),
            ("p3.", "V100", ["p3.2xlarge": 1, "p3.8xlarge": 4], 8), ("g6.", "L4", ["g6.12xlarge": 4, "g6.24xlarge": 4, "g6.48xlarge": 8], 1),
            ("g5.", "A10G", ["g5.12xlarge": 4, "g5.24xlarge": 4, "g5.48xlarge": 8], 1),
            ("g4dn.", "T4", ["g4dn.12xlarge": 4, "g4dn.metal": 8], 1),
            ("a3-highgpu-", "H100", [:], 8), ("a2-highgpu-", "A100", ["a2-highgpu-1g": 1, "a2-highgpu-2g": 2, "a2-highgpu-4g": 4], 8),
            ("standard_nd96", "A100", [:], 8), ("standard_nc24ads_a100", "A100", [:], 1),
        ]
        for (prefix, model, sizes, fallback) in table {
            guard let range = lower.range(of: prefix) else { continue }
            let name = lower[range.lowerBound...].prefix { !$0.isWhitespace }
            return (model, sizes.first { name.hasPrefix($0.key) }?.value ?? fallback)
        }
        return nil
    }

    /// The GPU charges in `text`, or an error when the file has no FOCUS header.
    public static func parse(_ text: String) -> Result<FocusBilling, SchedulerParseError> {
        if let problem = InputLimits.sizeProblem(text.utf8.count, .focusCSV) { return .failure(SchedulerParseError(line: 0, message: problem)) }
        let (records, error) = CSVRecords.parse(text)
        guard let header = records.first?.fields else { return .failure(error ?? SchedulerParseError(line: 1, message: "empty file")) }
        let column = Dictionary(header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let missing = required.filter { column[$0] == nil }
        guard missing.isEmpty else {
            return .failure(SchedulerParseError(line: 1, message: "not a FOCUS 1.0 export: no \(missing.joined(separator: ", ")) column"))
        }
        var totals: [Charge: (Double, Double)] = [:]
        var problems: [String] = error.map { ["line \($0.line): \($0.message)"] } ?? []
        for (line, f) in records.dropFirst() {
            func value(_ name: String) -> String { column[name].flatMap { $0 < f.count ? f[$0] : nil } ?? "" }
            guard f.count == header.count else {
                problems.append("line \(line): \(f.count) fields, the header has \(header.count)")
                continue
            }
            guard let instance = gpus(ofInstance: value("ChargeDescription") + " " + value("ResourceName") + " " + value("SkuId")) else { continue }
            // Finite and below 10^12 (dollars, hours): sums and their display then never overflow.
            guard let billed = Double(value("BilledCost")), let quantity = Double(value("ConsumedQuantity")),
                  abs(billed) < 1e12, abs(quantity) < 1e12 else {
                problems.append("line \(line): BilledCost \(InputLimits.quote(value("BilledCost").prefix(20))) or ConsumedQuantity is not a number below 10^12")
                continue
            }
            let start = value("ChargePeriodStart")
            guard start.count >= 7 else { problems.append("line \(line): ChargePeriodStart \(start.prefix(20)) is not a date"); continue }
            let key = Charge(month: String(start.prefix(7)), provider: FeedText.clean(value("ProviderName")),
                             region: FeedText.clean(value("RegionId")), model: instance.model, billed: 0, gpuHours: 0)
            let t = totals[key] ?? (0, 0)
            // Instance-hours × GPUs per instance: the GPU-hours billed.
            totals[key] = (t.0 + billed, t.1 + quantity * Double(instance.count))
        }
        let charges = totals.map { k, t in
            var c = k
            c.billed = t.0
            c.gpuHours = t.1
            return c
        }.sorted { ($0.month, $0.provider, $0.region, $0.model) < ($1.month, $1.provider, $1.region, $1.model) }
        return .success(FocusBilling(charges: charges, rows: records.count - 1, problems: problems))
    }
}

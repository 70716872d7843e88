import FleetCore
import Foundation

/// Chargeback lines as FOCUS 1.0 rows: the standard columns a FinOps tool expects, plus `x_` columns for the org.
struct ChargebackReport {
    static let columns = [
        "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd", "BillingCurrency",
        "BilledCost", "EffectiveCost", "ListCost", "ChargeCategory", "ChargeDescription", "ConsumedQuantity", "ConsumedUnit",
        "PricingCategory", "PricingUnit", "RegionId", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory",
        "ServiceName", "SkuId", "SubAccountId", "SubAccountName", "Tags", "x_Project", "x_CostCenter", "x_Department",
        "x_Pool", "x_PurchaseOption", "x_UnpricedGPUHours",
    ]
    let lines: [ChargebackLine]
    let start: Double
    let end: Double

    /// Start of the month `YYYY-MM` (UTC), or nil.
    static func month(_ text: String) -> Double? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month), year >= 1970 else {
            return nil
        }
        return Double(UTCCalendar.days(year: year, month: month, day: 1)) * 86_400
    }

    /// The row of a line, in `columns` order. Unpriced use leaves the costs empty rather than claiming $0.
    func row(_ l: ChargebackLine) -> [String] {
        let iso = { (t: Double) in Date(timeIntervalSince1970: t).ISO8601Format() }
        let pricing = switch l.purchase {
        case .reserved: "Committed"
        case .spot: "Dynamic"
        case .onPrem, .colocation, .onDemand: "Standard"
        }
        let knownCost = l.gpuHours > 0 && l.unpricedGPUHours >= l.gpuHours ? "" : String(format: "%.4f", l.cost)
        let tags = ["project": l.project, "cost-center": l.costCenter, "department": l.department, "pool": l.pool]
        let tagJSON = (try? JSONSerialization.data(withJSONObject: tags, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return [iso(start), iso(end), iso(start), iso(end), "USD", knownCost, knownCost, knownCost, "Usage",
                "GPU time on \(l.model) in \(l.pool) (\(l.purchase.rawValue))", String(format: "%.4f", l.gpuHours), "GPU-Hours",
                pricing, "GPU-Hours", l.region, "\(l.team)/\(l.project)", l.project, "GPU", "Compute", "GPU compute", l.model,
                l.team, l.team, tagJSON, l.project, l.costCenter, l.department, l.pool, l.purchase.rawValue,
                String(format: "%.4f", l.unpricedGPUHours)]
    }

    func csv() -> String {
        var out = Self.columns.joined(separator: ",") + "\n"
        for l in lines { out += row(l).map(Self.quoted).joined(separator: ",") + "\n" }
        return out
    }

    func json() -> String {
        let rows = lines.map { Dictionary(uniqueKeysWithValues: zip(Self.columns, row($0))) }
        let data = (try? JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// RFC 4180 quoting: fields with commas, quotes or newlines are quoted, quotes doubled.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

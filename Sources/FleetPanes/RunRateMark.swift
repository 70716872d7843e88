import FleetCore

/// How a month-end projection that FleetCore judged a run rate (`BudgetStatus.runRateHours`) is shown: its figure
/// marked "~", and one legend line saying on how many hours it rests.
enum RunRateMark {
    /// The mark after a projected figure.
    static let mark = "~"

    /// `text` marked when the projection is a run rate.
    static func marked(_ text: String, runRateHours: Double?) -> String { runRateHours == nil ? text : text + mark }

    /// "~ run-rate on 8 h": the legend for the least hours among `hours` (nil: no projection shown is a run rate).
    static func legend(_ hours: [Double?]) -> String? {
        guard let least = hours.compactMap({ $0 }).min() else { return nil }
        return "\(mark) run-rate on \(Int(least.rounded(.down))) h"
    }
}

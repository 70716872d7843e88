/// Cost now and month to date, broken down by one dimension and split by purchase option.
public struct CostBreakdown: Sendable, Hashable {
    /// What rows are grouped by.
    public enum Dimension: String, Sendable, CaseIterable {
        case team, project, model, pool
    }

    /// One group's cost.
    public struct Row: Sendable, Hashable {
        public var name: String
        /// $/h of the GPUs held now, per purchase option.
        public var perHourByOption: [PurchaseOption: Double] = [:]
        /// Month to date: ended jobs (ledger) plus running jobs so far.
        public var monthToDate = 0.0
        /// GPU-hours this month on GPUs without a price.
        public var unpricedGPUHours = 0.0
        public var perHour: Double { perHourByOption.values.reduce(0, +) }

        mutating func addMonth(_ amount: CostLedger.Amount) {
            monthToDate += amount.cost
            unpricedGPUHours += amount.unpricedGPUHours
        }

        /// A running group's month so far, as its chargeback line counts it.
        mutating func addMonth(running group: RunningCost.Group) {
            var amount = CostLedger.Amount()
            amount.record(hours: group.gpuHours, pricePerHour: group.pricePerHour)
            addMonth(amount)
        }

        /// A running group: its $/h now (priced) and its month so far (when it ran).
        mutating func add(running group: RunningCost.Group) {
            if group.pricePerHour.isFinite { perHourByOption[group.key.purchase, default: 0] += group.pricePerHour * Double(group.gpus) }
            if group.gpuHours > 0 { addMonth(running: group) }
        }
    }

    public var rows: [Row]

    /// The breakdown of the state by `dimension`, costliest now first.
    public static func derive(_ s: FleetState, by dimension: Dimension) -> CostBreakdown {
        derive(s, by: dimension, month: month(s))
    }

    /// What every dimension's breakdown of a month adds up, derived once to be shared by several dimensions.
    public struct Month: Sendable {
        /// The cost ledger (ended jobs) as the state holds it, read for the days of the month: a breakdown adds each
        /// line under its one name rather than merging lines into chargeback lines first (hashing six strings a line
        /// was half the pane's cost), and holding the state's table copies nothing.
        var ledger: [CostLedger.Key: CostLedger.Amount]
        var days: ClosedRange<Int32>
        /// The running jobs' GPUs, grouped.
        var running: RunningCost

        /// Calls `body` with each ledger line of the month.
        func forEachLedgerLine(_ body: (CostLedger.Key, CostLedger.Amount) -> Void) {
            for (key, amount) in ledger where days.contains(key.day) { body(key, amount) }
        }
    }

    /// The month of the state so far: its ledger lines and the running jobs, as its chargeback lines add them up.
    public static func month(_ s: FleetState) -> Month {
        let start = UTCCalendar.monthStart(containing: s.now), end = UTCCalendar.nextMonthStart(after: start)
        let firstDay = Int32((start / 86_400).rounded(.down)), lastDay = Int32(((end - 1) / 86_400).rounded(.down))
        return Month(ledger: s.costLedger?.lines ?? [:], days: firstDay...max(firstDay, lastDay), running: RunningCost(s, from: start, to: end))
    }

    /// The whole fleet's row of `month`: $/h held now per purchase option, month to date and unpriced GPU-hours, with
    /// no name hashed (what the cost pane's summary adds up).
    public static func total(of month: Month) -> Row {
        var perHour = [Double](repeating: 0, count: PurchaseOption.allCases.count)
        var row = Row(name: "")
        for group in month.running.groups {
            if group.pricePerHour.isFinite, let o = PurchaseOption.allCases.firstIndex(of: group.key.purchase) {
                perHour[o] += group.pricePerHour * Double(group.gpus)
            }
            if group.gpuHours > 0 { row.addMonth(running: group) }
        }
        month.forEachLedgerLine { _, amount in row.addMonth(amount) }
        for (o, option) in PurchaseOption.allCases.enumerated() where perHour[o] > 0 { row.perHourByOption[option] = perHour[o] }
        return row
    }

    /// Cost by `dimension` of `month` (from `month(_:)` on the same state).
    public static func derive(_ s: FleetState, by dimension: Dimension, month: Month) -> CostBreakdown {
        var rows: [String: Row] = [:]
        func name(team: String, project: String, model: String, pool: String) -> String {
            switch dimension {
            case .team: team
            case .project: project.isEmpty ? "(\(team))" : project
            case .model: model
            case .pool: pool
            }
        }
        for group in month.running.groups {
            let k = group.key
            // A group that ran no time this month and has no price adds nothing (no row of its own, as chargeback adds no line).
            guard group.pricePerHour.isFinite || group.gpuHours > 0 else { continue }
            let n = name(team: k.team, project: k.project, model: k.model, pool: k.pool)
            rows[n, default: Row(name: n)].add(running: group)
        }
        month.forEachLedgerLine { key, amount in
            let n = name(team: key.team, project: key.project, model: key.model, pool: key.pool)
            rows[n, default: Row(name: n)].addMonth(amount)
        }
        // Each row's $/h summed once, not on every comparison.
        let ranked = rows.values.map { (perHour: $0.perHour, row: $0) }
            .sorted { ($0.perHour, $1.row.name) > ($1.perHour, $0.row.name) }
        return CostBreakdown(rows: ranked.map(\.row))
    }
}

/// How many on-demand GPUs would have been cheaper reserved, from a pool's hourly use over the history.
public struct CommitmentAdvice: Sendable, Hashable {
    public var pool: String
    public var model: String
    public var hours: Int
    /// GPUs to commit: the use level exceeded in a share `reserved / on-demand` of the hours.
    public var commitGPUs: Int
    public var onDemandCost: Double
    public var mixedCost: Double
    public var saving: Double { onDemandCost - mixedCost }

    /// Advice for every on-demand pool whose model has both an on-demand and a reserved price in its region.
    public static func derive(_ s: FleetState) -> [CommitmentAdvice] {
        guard let demand = s.demand, let prices = s.policy?.prices else { return [] }
        var out: [CommitmentAdvice] = []
        for (p, pool) in s.fleet.pools.enumerated() where pool.purchase == .onDemand {
            guard let use = demand.byPool[pool.name], use.count >= 24,
                  let node = s.nodes.first(where: { $0.pool == p }), node.model < s.fleet.models.count else { continue }
            let model = s.fleet.models[node.model].name
            let region = pool.cluster < s.fleet.clusters.count ? s.fleet.clusters[pool.cluster].region : ""
            func price(_ o: PurchaseOption) -> Double? {
                prices.first { $0.model == model && $0.purchase == o && $0.region == region }?.dollarsPerGPUHour
            }
            guard let onDemand = price(.onDemand), let reserved = price(.reserved), reserved < onDemand else { continue }
            // Committing c GPUs pays reserved for c every hour and on-demand above c: optimal where the share of
            // hours with use above c equals reserved / on-demand.
            let sorted = use.sorted()
            let index = min(sorted.count - 1, Int(Double(sorted.count) * (1 - reserved / onDemand)))
            let commit = Int(saturating: sorted[index].rounded(.down))
            let allOnDemand = use.reduce(0) { $0 + $1 * onDemand }
            let mixed = use.reduce(0) { $0 + Double(commit) * reserved + max(0, $1 - Double(commit)) * onDemand }
            out.append(CommitmentAdvice(pool: pool.name, model: model, hours: use.count, commitGPUs: commit,
                                        onDemandCost: allOnDemand, mixedCost: mixed))
        }
        return out
    }
}

/// Cost of a useful GPU-hour per purchase option at a utilisation: capacity paid for whether used or not
/// (on-prem, colocation, reserved) costs price ÷ utilisation; on-demand and spot are paid only while used.
public enum TotalCostOfOwnership {
    /// $ per used GPU-hour of `model` for each purchase option priced anywhere, at `utilisation` (0…1].
    public static func perUsefulHour(_ s: FleetState, model: String, utilisation: Double) -> [(PurchaseOption, Double)] {
        guard let prices = s.policy?.prices, utilisation > 0 else { return [] }
        return PurchaseOption.allCases.compactMap { option in
            let matching = prices.filter { $0.model == model && $0.purchase == option }.map(\.dollarsPerGPUHour)
            guard let cheapest = matching.min() else { return nil }
            let paidIdle = option == .onPrem || option == .colocation || option == .reserved
            return (option, paidIdle ? cheapest / utilisation : cheapest)
        }
    }
}

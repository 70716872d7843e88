/// The forecast slide's trend: a least-squares line through the fleet's daily mean demand (allocated + pending GPUs),
/// projected until it meets the last day's capacity. Fewer than `minimumDays` days with history give no trend.
struct ReviewForecast {
    static let minimumDays = 7
    static let horizonDays = 365

    /// Demand growth in GPUs per day; nil without a trend.
    let slope: Double?
    /// Days after the period's last day until the trend reaches capacity; nil when it does not within the horizon
    /// or there is no trend.
    let shortfallDays: Double?
    let outcome: ReviewForecastOutcome

    /// The trend through `days` (the fleet's daily rollups, oldest first).
    init(days: [KPIRollup]) {
        let points: [(x: Double, demand: Double, capacity: Double)] = days.compactMap { day in
            guard let demand = KPIMetric.demandGPUs.definition.value(in: day),
                  let capacity = KPIMetric.capacityGPUs.definition.value(in: day) else { return nil }
            return (Double(day.start) / 86_400, demand, capacity)
        }
        guard points.count >= Self.minimumDays, let last = points.last else {
            slope = nil
            shortfallDays = nil
            outcome = .noData(days: points.count, needed: Self.minimumDays)
            return
        }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / n, meanY = points.reduce(0) { $0 + $1.demand } / n
        let sxx = points.reduce(0) { $0 + ($1.x - meanX) * ($1.x - meanX) }
        let sxy = points.reduce(0) { $0 + ($1.x - meanX) * ($1.demand - meanY) }
        let b = sxx > 0 ? sxy / sxx : 0
        let projectedLast = meanY + b * (last.x - meanX)
        slope = b
        if projectedLast >= last.capacity {
            shortfallDays = 0
            outcome = .shortfall(days: 0)
        } else if b > 0, (last.capacity - projectedLast) / b <= Double(Self.horizonDays) {
            // Less a hair, so a crossing at a whole day computed as 6.0000000001 is not counted as 7.
            let days = ((last.capacity - projectedLast) / b - 1e-9).rounded(.up)
            shortfallDays = days
            outcome = .shortfall(days: Int(days))
        } else {
            shortfallDays = nil
            outcome = .noShortfall(horizonDays: Self.horizonDays)
        }
    }
}

extension DemandHistory {
    /// Puts the demand that hourly rollups recorded before the first sampled hour in front of each series (GPUs held
    /// per pool; held plus asked for per team and for the fleet, as `sample` counts them), up to `depth` hours, and
    /// refits: a new store that starts with a KPI history (the demo's modelled days) forecasts from its first hour
    /// instead of after 50 sampled ones.
    ///
    /// A rollup of hour [H, H+1) stands for the sample taken as hour H+1 begins. Only series already sampled are
    /// extended (a name the live fleet never showed has no hours to join), and only back to the first hour without a
    /// rollup, so a gap never splices two stretches together.
    mutating func prepend(_ rollups: [KPIRollup]) {
        guard let lastHour else { return }
        var pools: [String: [Int: Double]] = [:], teams: [String: [Int: Double]] = [:]
        for r in rollups where r.resolution == .hour {
            guard let hours = r[.coveredHours], hours > 0, let held = r[.allocatedGPUHours] else { continue }
            let label = r.start / RollupResolution.hour.seconds + 1
            let asked = r[.pendingGPUHours] ?? 0
            switch r.scope.kind {
            case .pool: pools[r.scope.name, default: [:]][label] = held / hours
            case .team: teams[r.scope.name, default: [:]][label] = (held + asked) / hours
            case .fleet: pools[Self.fleetSeries, default: [:]][label] = (held + asked) / hours
            case .cluster, .department, .priorityClass: continue
            }
        }
        Self.prepend(pools, lastHour: lastHour, to: &byPool)
        Self.prepend(teams, lastHour: lastHour, to: &byTeam)
        refit()
    }

    private static func prepend(_ earlier: [String: [Int: Double]], lastHour: Int, to table: inout [String: [Double]]) {
        for (name, series) in table {
            guard let values = earlier[name], series.count < depth else { continue }
            var before: [Double] = []
            var label = lastHour - series.count
            while before.count + series.count < depth, let v = values[label] {
                before.append(v)
                label -= 1
            }
            table[name] = before.reversed() + series
        }
    }
}

extension FleetState {
    /// Extends the demand history back over the hours `rollups` cover before its first sample (see
    /// `DemandHistory.prepend`); nothing when no hour was sampled yet.
    public mutating func prependDemandHistory(_ rollups: [KPIRollup]) {
        demand?.prepend(rollups)
    }
}

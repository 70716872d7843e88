import FleetCore

/// What kind of work a team submits: weights per priority class, in `PolicySpec.defaultPriorityClasses` order.
struct TeamProfile {
    var name: String
    var department: Int
    var classWeights: [Double]
    /// Share of the fleet the team is guaranteed.
    var quotaShare: Double
}

/// The demo organisation: departments, teams with quotas and budgets.
public enum SimulatedOrg {
    static let departments = [
        Department(name: "research", costCenter: "CC-1100"),
        Department(name: "product", costCenter: "CC-2200"),
        Department(name: "platform", costCenter: "CC-3300"),
        Department(name: "risk", costCenter: "CC-4400"),
    ]

    //                                   prod  reg  retr train  res   b-e
    static let handMade: [TeamProfile] = [
        TeamProfile(name: "nlp", department: 0, classWeights: [0, 0, 0.1, 0.5, 0.3, 0.1], quotaShare: 0.16),
        TeamProfile(name: "vision", department: 0, classWeights: [0, 0, 0, 0.4, 0.4, 0.2], quotaShare: 0.12),
        TeamProfile(name: "speech", department: 0, classWeights: [0, 0, 0.2, 0.4, 0.3, 0.1], quotaShare: 0.08),
        TeamProfile(name: "search", department: 1, classWeights: [0.3, 0, 0.4, 0.3, 0, 0], quotaShare: 0.12),
        TeamProfile(name: "recsys", department: 1, classWeights: [0.3, 0, 0.4, 0.2, 0.1, 0], quotaShare: 0.12),
        TeamProfile(name: "ads", department: 1, classWeights: [0.3, 0, 0.3, 0.2, 0, 0.2], quotaShare: 0.10),
        TeamProfile(name: "inference-platform", department: 2, classWeights: [0.8, 0, 0, 0, 0.2, 0], quotaShare: 0.14),
        TeamProfile(name: "ml-infra", department: 2, classWeights: [0, 0, 0, 0, 0.5, 0.5], quotaShare: 0.04),
        TeamProfile(name: "fraud", department: 3, classWeights: [0, 0.5, 0.3, 0.2, 0, 0], quotaShare: 0.06),
    ]

    /// Profiles for `count` teams: the hand-made ones, then generated ones cycling their shapes.
    static func profiles(count: Int) -> [TeamProfile] {
        guard count > handMade.count else { return Array(handMade.prefix(count)) }
        var out = handMade
        for i in handMade.count..<count {
            var p = handMade[i % handMade.count]
            p.name = "team-\(i + 1)"
            out.append(p)
        }
        let total = out.reduce(0) { $0 + $1.quotaShare }
        return out.map { var p = $0; p.quotaShare /= total; return p }
    }

    static func spec(profiles: [TeamProfile], gpuCount: Int) -> OrgSpec {
        let nominal = Dictionary(grouping: poolQuotas(profiles: profiles, gpuCount: gpuCount), by: \.team).mapValues { $0.reduce(0) { $0 + $1.nominal } }
        let teams = profiles.map { p in
            // The team's quota is what its pool quotas add up to, so every pane and the scheduler agree on it.
            let quota = max(1, nominal[p.name] ?? 0)
            // Budgets sized so the busiest teams run close to (and some past) them by month-end.
            let budget = (p.quotaShare * Double(gpuCount) * 1.9 * 24 * 30 / 1000).rounded() * 1000
            var team = Team(name: p.name, department: p.department, costCenter: departments[p.department].costCenter,
                            quotaGPUs: quota, borrowingLimitGPUs: quota / 2, monthlyBudget: budget,
                            projects: ["\(p.name)-core", "\(p.name)-exp"])
            team.members = [requester(of: p.name)]
            return team
        }
        return OrgSpec(name: "acme-ai", departments: departments, teams: teams)
    }

    /// The built-in demo policy of the simulated fleet: default classes and a demo price table (never for real fleets).
    public static func demoPolicy() -> PolicySpec {
        var prices: [Price] = []
        // $/GPU-hour: on-prem amortised, colocation, reserved, on-demand, spot (demo figures of the right magnitude).
        let table: [(String, [Double])] = [("H100", [2.10, 2.45, 2.60, 4.10, 1.90]), ("A100", [1.10, 1.30, 1.45, 2.95, 1.05]),
                                           ("L40S", [0.70, 0.85, 0.95, 1.85, 0.60]),
                                           ("H200", [2.60, 3.00, 3.20, 5.00, 2.30])]
        for region in ["us-east-1", "us-west-2", "local"] {
            for (model, perOption) in table {
                for (option, price) in zip(PurchaseOption.allCases, perOption) {
                    prices.append(Price(model: model, purchase: option, region: region, dollarsPerGPUHour: price))
                }
            }
        }
        return PolicySpec(source: "built-in demo policy", priorityClasses: PolicySpec.defaultPriorityClasses,
                          prices: prices)
    }

    /// The simulator's policy: the demo policy plus quotas in its pools, monthly GPU-hour grants and fair-share
    /// weights for its org. (Live and replayed fleets get `PolicySpec.withoutPolicyFile()`.)
    static func simulatorPolicy(profiles: [TeamProfile], gpuCount: Int) -> PolicySpec {
        var policy = demoPolicy()
        var rules = PolicyRules()
        rules.quotas = poolQuotas(profiles: profiles, gpuCount: gpuCount)
        for p in profiles {
            // Grants cover nine tenths of running the team's whole quota around the clock for a month.
            let quota = max(1, Int((p.quotaShare * Double(gpuCount)).rounded()))
            rules.grants.append(GPUHourGrant(team: p.name, period: .month, gpuHours: (Double(quota) * 24 * 30 * 0.9).rounded()))
            rules.fairShareWeights[p.name] = (p.quotaShare * 100).rounded() / 100
        }
        // Demo only: anyone running the simulator may decide (a policy file may not say "*"); requests come from
        // each team's simulated lead, so nobody decides their own.
        rules.roles = [PolicyRole(name: "on-call", members: [Permissions.anyone],
                                  approves: ["priority", "preemption", "retrain", "dispute", "quota", "borrow-prod"]),
                       PolicyRole(name: "capacity-board", members: [Permissions.anyone], approves: ["any"]),
                       PolicyRole(name: "finance", members: [Permissions.anyone], approves: ["budget"])]
        policy.rules = rules
        return policy
    }

    /// Every pool split among the teams: the production-inference pool by their serving share, the training, burst
    /// and spot pools by their training share, so nominal quotas add up to (at most) each pool's size, as Kueue
    /// requires. Borrowing is capped per team (the org's limit, which the simulated scheduler enforces), not per pool.
    static func poolQuotas(profiles: [TeamProfile], gpuCount: Int) -> [TeamQuota] {
        let poolGPUs = { (pool: Int) in SimulatedFleetShape.layout.filter { $0.pool == pool }.reduce(0) { $0 + $1.share } * Double(gpuCount) }
        let serving = profiles.map { $0.quotaShare * $0.classWeights[0] }, training = profiles.map { $0.quotaShare * (1 - $0.classWeights[0]) }
        let servingTotal = max(1e-9, serving.reduce(0, +)), trainingTotal = max(1e-9, training.reduce(0, +))
        var quotas: [TeamQuota] = []
        for (i, p) in profiles.enumerated() {
            for (index, pool) in SimulatedFleetShape.pools.enumerated() {
                let share = index == 0 ? serving[i] / servingTotal : training[i] / trainingTotal
                let nominal = Int((share * poolGPUs(index)).rounded(.down))
                guard nominal > 0 else { continue }
                quotas.append(TeamQuota(team: p.name, pool: pool.name, model: nil, nominal: nominal, borrowingLimit: nil,
                                        lendingLimit: index == 0 ? nominal / 2 : nil, cohort: index == 0 ? "inference" : "training"))
            }
        }
        return quotas
    }

    /// The simulated user who files a team's requests.
    public static func requester(of team: String) -> String { "\(team)-lead" }
}

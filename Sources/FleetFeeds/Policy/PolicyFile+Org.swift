import FleetCore

extension PolicyFile {
    static let departmentFields: Set<String> = ["name", "cost_center", "teams"]
    static let teamFields: Set<String> = ["name", "cost_center", "projects", "budget", "quota", "cohort", "gpu_hours",
                                          "fair_share_weight", "members"]
    static let quotaFields: Set<String> = ["pool", "model", "nominal", "borrowing_limit", "lending_limit"]

    static func readDepartments(_ node: PolicyNode, into org: inout OrgSpec, rules: inout PolicyRules) {
        var seenTeams: [String: Int] = [:]
        for d in node.sequence() {
            let f = d.mapping(allowed: departmentFields)
            guard let name = f["name"]?.string else { if f["name"] == nil { d.fail("name: required") }; continue }
            let costCenter = f["cost_center"]?.string ?? ""
            org.departments.append(Department(name: name, costCenter: costCenter))
            let index = org.departments.count - 1
            for t in f["teams"]?.sequence() ?? [] {
                guard let team = readTeam(t, department: index, costCenter: costCenter, rules: &rules) else { continue }
                if let first = seenTeams[team.name] {
                    t.fail("team \(team.name) is already defined on line \(first)")
                    continue
                }
                seenTeams[team.name] = t.line
                org.teams.append(team)
            }
        }
    }

    private static func readTeam(_ t: PolicyNode, department: Int, costCenter: String, rules: inout PolicyRules) -> Team? {
        let f = t.mapping(allowed: teamFields)
        guard let name = f["name"]?.string else { if f["name"] == nil { t.fail("name: required") }; return nil }
        var monthlyBudget = 0.0
        if let budget = f["budget"] {
            let b = budget.mapping(allowed: ["monthly", "warn_at", "throttle_at"])
            if let node = b["monthly"], let monthly = node.number(max: PolicyLimits.dollars) {
                // 0 means "no budget"; anything between is a typo (1e-3 for 1e3) that would make every % absurd.
                if monthly > 0, monthly < PolicyLimits.smallestBudget {
                    node.fail("must be 0 (no budget) or at least $\(PolicyLimits.text(PolicyLimits.smallestBudget))")
                } else {
                    monthlyBudget = monthly
                }
            } else if b["monthly"] == nil {
                budget.fail("monthly: required")
            }
            if b["warn_at"] != nil || b["throttle_at"] != nil {
                rules.budgetThresholds[name] = readBudgetThresholds(budget, fields: b)
            }
        } else {
            t.fail("budget: required (budget: {monthly: 50000})")
        }
        let cohort = f["cohort"]?.string
        var seen: [String: Int] = [:]
        var nominal = 0, borrowing = 0
        for q in f["quota"]?.sequence() ?? [] {
            let qf = q.mapping(allowed: quotaFields)
            let pool = qf["pool"]?.string, model = qf["model"]?.string
            guard let n = qf["nominal"]?.integer(max: PolicyLimits.gpus) else { if qf["nominal"] == nil { q.fail("nominal: required") }; continue }
            let borrow = qf["borrowing_limit"]?.integer(max: PolicyLimits.gpus)
            let lend = qf["lending_limit"]?.integer(max: PolicyLimits.gpus)
            if let lend, lend > n { qf["lending_limit"]?.fail("lends \(lend) GPUs of a nominal quota of \(n)") }
            let key = "\(pool ?? "*")|\(model ?? "*")"
            if let first = seen[key] {
                q.fail("a quota for pool \(pool ?? "any") and model \(model ?? "any") is already given on line \(first)")
                continue
            }
            seen[key] = q.line
            nominal += n
            borrowing += borrow ?? 0
            rules.quotas.append(TeamQuota(team: name, pool: pool, model: model, nominal: n, borrowingLimit: borrow,
                                          lendingLimit: lend, cohort: cohort))
        }
        if let g = f["gpu_hours"] {
            let gf = g.mapping(allowed: ["period", "grant"])
            let periodText = gf["period"]?.string ?? "month"
            if let period = GPUHourGrant.Period(rawValue: periodText), let grant = gf["grant"]?.number(max: PolicyLimits.gpuHours) {
                rules.grants.append(GPUHourGrant(team: name, period: period, gpuHours: grant))
            } else if GPUHourGrant.Period(rawValue: periodText) == nil {
                gf["period"]?.fail("expected month, quarter or year")
            } else if gf["grant"] == nil {
                g.fail("grant: required")
            }
        }
        if let w = f["fair_share_weight"]?.number(max: PolicyLimits.weight) { rules.fairShareWeights[name] = w }
        var team = Team(name: name, department: department, costCenter: f["cost_center"]?.string ?? costCenter,
                        quotaGPUs: nominal, borrowingLimitGPUs: borrowing, monthlyBudget: monthlyBudget,
                        projects: f["projects"]?.strings ?? [], limitsSet: true)
        team.members = f["members"]?.strings
        return team
    }

    static func readBudgetThresholds(_ node: PolicyNode, fields: [String: PolicyNode]? = nil) -> BudgetThresholds {
        let f = fields ?? node.mapping(allowed: ["warn_at", "throttle_at"])
        var t = BudgetThresholds()
        if let w = f["warn_at"]?.number(max: PolicyLimits.budgetFraction) { t.warnAt = w }
        if let x = f["throttle_at"]?.number(max: PolicyLimits.budgetFraction) { t.throttleAt = x }
        if t.warnAt > t.throttleAt { node.fail("warn_at (\(t.warnAt)) is above throttle_at (\(t.throttleAt))") }
        return t
    }
}

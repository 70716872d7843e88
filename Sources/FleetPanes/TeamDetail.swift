import FleetCore
import FleetTUI
import Foundation

/// Lines of the team detail dialog: quota per pool/model, grant burn, fair share, budget with its throttle plan,
/// cost by project and model, and demand history. `j` opens the team's jobs.
enum TeamDetail {
    static func lines(team name: String, ctx: FrameContext) -> [String] {
        let s = ctx.state
        guard let i = s.teamIndex(named: name), i < s.teamUsage.count else { return ["team \(sanitizeForTerminal(name)) is not in the org tree"] }
        let team = s.org.teams[i], u = s.teamUsage[i]
        let department = team.department < s.org.departments.count ? s.org.departments[team.department].name : "—"
        var lines = ["department \(sanitizeForTerminal(department)) · cost center \(sanitizeForTerminal(team.costCenter.isEmpty ? "—" : team.costCenter))"
                     + " · projects \(team.projects.isEmpty ? "—" : sanitizeForTerminal(team.projects.joined(separator: ", ")))"]
        lines += quota(team, index: i, s)
        lines += grant(team, usage: u, s)
        lines.append(fairShare(team.name, s))
        lines += budget(team, usage: u, s)
        let start = UTCCalendar.monthStart(containing: s.now)
        let cost = Chargeback.lines(s, from: start, to: UTCCalendar.nextMonthStart(after: start)).filter { $0.team == team.name }
        var byProject: [String: Double] = [:], byModel: [String: Double] = [:], unpriced: Set<String> = []
        for l in cost {
            byProject[l.project, default: 0] += l.cost
            byModel[l.model, default: 0] += l.cost
            if l.unpricedGPUHours > 0, l.cost == 0 { unpriced.insert(l.model) }
        }
        let top = { (d: [String: Double]) in
            d.sorted { $0.value > $1.value }.prefix(4).map {
                "\(sanitizeForTerminal($0.key)) \($0.value == 0 && unpriced.contains($0.key) ? "unpriced" : Format.money($0.value))"
            }.joined(separator: ", ")
        }
        lines.append("month     by project: \(byProject.isEmpty ? "—" : top(byProject)) · by model: \(byModel.isEmpty ? "—" : top(byModel))")
        if let history = s.demand?.byTeam[team.name], !history.isEmpty {
            lines.append("demand    last 48h \(QueuesPane.depthSparkline(history.suffix(48).map { Int($0.rounded()) }, width: 48)) now \(Format.number(history.last ?? 0, digits: 0)) GPUs")
        }
        lines.append("")
        lines.append("j: this team's jobs · Esc: close")
        return lines
    }

    /// Quota per pool/model from the policy with what the team holds there now.
    private static func quota(_ team: Team, index: Int, _ s: FleetState) -> [String] {
        guard team.hasLimits else { return ["quota     none set (no policy file names this team)"] }
        let quotas = s.policy?.rules?.quotas.filter { $0.team == team.name } ?? []
        guard !quotas.isEmpty else {
            return ["quota     \(team.quotaGPUs) GPUs (+\(team.borrowingLimitGPUs) borrowable) · holding \(s.teamUsage[index].allocatedGPUs)"]
        }
        var held: [String: Int] = [:]
        for case let job? in s.jobSlots where job.team == Int32(index) && job.state == .running {
            for g in job.gpuIndices where Int(g) < s.gpus.count {
                let node = s.nodes[Int(s.gpus.node[Int(g)])]
                let pool = node.pool < s.fleet.pools.count ? s.fleet.pools[node.pool].name : ""
                let model = node.model < s.fleet.models.count ? s.fleet.models[node.model].name : ""
                for q in quotas where (q.pool ?? pool) == pool && (q.model ?? model) == model {
                    held["\(q.pool ?? "*")|\(q.model ?? "*")", default: 0] += 1
                    break
                }
            }
        }
        return quotas.map { q in
            let using = held["\(q.pool ?? "*")|\(q.model ?? "*")"] ?? 0
            let state = using > q.nominal ? "borrowing \(using - q.nominal)" : "lendable \(min(q.nominal - using, q.lendingLimit ?? q.nominal))"
            return "quota     \(q.pool ?? "any pool")/\(q.model ?? "any model"): \(q.nominal) nominal"
                + " (+\(q.borrowingLimit.map(String.init) ?? "∞") borrow, lend ≤\(q.lendingLimit.map(String.init) ?? "all"))"
                + " · using \(using) · \(state)" + (q.cohort.map { " · cohort \(sanitizeForTerminal($0))" } ?? "")
        }
    }

    /// GPU-hours used against the grant, the burn rate now and when the grant runs out at that rate.
    private static func grant(_ team: Team, usage u: TeamUsage, _ s: FleetState) -> [String] {
        let burn = Double(u.allocatedGPUs)
        guard let grant = s.policy?.rules?.grants.first(where: { $0.team == team.name }) else {
            return ["GPU-hours \(Format.number(u.monthToDateGPUHours, digits: 0)) this month · burning \(Format.number(burn, digits: 0))/h · no grant set"]
        }
        guard grant.period == .month else {
            return ["GPU-hours grant per \(grant.period.rawValue): only monthly grants are tracked so far (\(Format.number(u.monthToDateGPUHours, digits: 0)) this month)"]
        }
        let left = grant.gpuHours - u.monthToDateGPUHours
        var line = "GPU-hours \(Format.number(u.monthToDateGPUHours, digits: 0)) of \(Format.number(grant.gpuHours, digits: 0)) granted this month"
            + " (\(Format.percent(u.monthToDateGPUHours / max(1, grant.gpuHours), digits: 0))) · burning \(Format.number(burn, digits: 0))/h"
        if left <= 0 {
            line += " · EXHAUSTED"
        } else if burn > 0 {
            let at = s.now + left / burn * 3600
            line += at < UTCCalendar.nextMonthStart(after: UTCCalendar.monthStart(containing: s.now))
                ? " · runs out \(Format.fleetClock(at))" : " · lasts the month"
        }
        return [line]
    }

    /// Slurm LevelFS / FairShare or Kueue weightedShare, whichever a feed reports.
    private static func fairShare(_ team: String, _ s: FleetState) -> String {
        if let row = s.fairShare?.first(where: { $0.account == team && $0.user.isEmpty }) {
            return "fairshare Slurm: shares \(Format.percent(row.normShares, digits: 0)), usage \(Format.percent(row.effectiveUsage, digits: 0))"
                + (row.levelFS.map { $0.isInfinite ? ", LevelFS ∞ (no usage)" : ", LevelFS \(Format.number($0, digits: 2))" } ?? "")
        }
        if let q = s.queueQuotas?.first(where: { $0.name == team || $0.name == "\(team)-cq" }), let share = q.weightedShare {
            return "fairshare Kueue \(sanitizeForTerminal(q.name)): weightedShare \(Format.number(share, digits: 0))"
                + (q.fairWeight.map { ", weight \(Format.number($0, digits: 2))" } ?? "")
        }
        if let w = s.policy?.rules?.fairShareWeights[team] { return "fairshare weight \(Format.number(w, digits: 2)) (policy); no scheduler reports usage" }
        return "fairshare no scheduler feed reports fair share for this team"
    }

    /// Budget use and projection; over the throttle threshold, the plan (dry run) with its commands.
    private static func budget(_ team: Team, usage u: TeamUsage, _ s: FleetState) -> [String] {
        guard let status = BudgetStatus.derive(s).first(where: { $0.team == team.name }) else {
            return ["budget    none set"]
        }
        var lines = ["budget    \(Format.money(u.monthToDateCost)) of \(Format.money(team.monthlyBudget)) (\(Format.percent(status.used, digits: 0)))"
                     + " · projected \(Format.percent(status.projected, digits: 0)) · warn at \(Format.percent(status.thresholds.warnAt, digits: 0)),"
                     + " throttle at \(Format.percent(status.thresholds.throttleAt, digits: 0)) · \(status.level.rawValue.uppercased())"]
        guard status.level == .throttle || status.projected >= status.thresholds.throttleAt else { return lines }
        let plan = ThrottlePlan.plan(team: team.name, s)
        lines.append("throttle  plan (dry run; runs only through an approved request): hold \(plan.steps.count) jobs, saves \(Format.money(plan.savesPerHour, perHour: true))")
        for step in plan.steps.prefix(5) {
            lines.append("  hold    \(sanitizeForTerminal(step.jobID)) \(step.className) \(step.gpus) GPUs: \(sanitizeForTerminal(step.command))")
        }
        if plan.steps.count > 5 { lines.append("  … and \(plan.steps.count - 5) more") }
        return lines
    }
}

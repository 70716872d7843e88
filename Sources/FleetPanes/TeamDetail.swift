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
        let standing = i < ctx.kpis.teamStandings.count ? ctx.kpis.teamStandings[i] : nil
        lines += quota(team, standing: standing, usage: u)
        lines += grant(team, standing: standing, usage: u, s)
        lines.append(fairShare(team.name, standing: standing, s))
        lines += budget(team, usage: u, s)
        lines += requests(team.name, s, now: ctx.wallNow)
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
            lines.append("demand    last 48h \(QueuesPane.depthSparkline(history.suffix(48).map { Int(saturating: $0.rounded()) }, width: 48)) now \(Format.number(history.last ?? 0, digits: 0)) GPUs")
        }
        lines.append("")
        lines.append(KeyMap.hintLine([.teamDetail, .overlay], readOnly: ctx.readOnly))
        return lines
    }

    /// Quota per pool/model from the policy with what the team holds there now.
    private static func quota(_ team: Team, standing: TeamStanding?, usage u: TeamUsage) -> [String] {
        guard team.hasLimits else { return ["quota     none set (no policy file names this team)"] }
        guard let quotas = standing?.quotas, !quotas.isEmpty else {
            return ["quota     \(team.quotaGPUs) GPUs (+\(team.borrowingLimitGPUs) borrowable) · holding \(u.allocatedGPUs)"]
        }
        return quotas.map { standing in
            let q = standing.quota
            let state = standing.overLimit ? "OVER LIMIT by \(standing.using - q.nominal - (q.borrowingLimit ?? 0))"
                : standing.borrowed > 0 ? "borrowing \(standing.borrowed)" : "lendable \(standing.lendable)"
            return "quota     \(q.pool.map(sanitizeForTerminal) ?? "any pool")/\(q.model.map(sanitizeForTerminal) ?? "any model"): \(q.nominal) nominal"
                + " (+\(q.borrowingLimit.map(String.init) ?? "∞") borrow, lend ≤\(q.lendingLimit.map(String.init) ?? "all"))"
                + " · using \(standing.using) · \(state)" + (q.cohort.map { " · cohort \(sanitizeForTerminal($0))" } ?? "")
        }
    }

    /// GPU-hours used against the grant, the burn rate now and when the grant runs out at that rate.
    private static func grant(_ team: Team, standing: TeamStanding?, usage u: TeamUsage, _ s: FleetState) -> [String] {
        let burn = Double(u.allocatedGPUs)
        guard let grant = standing?.grant else {
            if let other = s.policy?.rules?.grants.first(where: { $0.team == team.name }) {
                return ["GPU-hours grant per \(other.period.rawValue): only monthly grants are tracked so far (\(Format.number(u.monthToDateGPUHours, digits: 0)) this month)"]
            }
            return ["GPU-hours \(Format.number(u.monthToDateGPUHours, digits: 0)) this month · burning \(Format.number(burn, digits: 0))/h · no grant set"]
        }
        var line = "GPU-hours \(Format.number(grant.used, digits: 0)) of \(Format.number(grant.granted, digits: 0)) granted this month"
            + " (\(Format.percent(grant.fraction, digits: 0))) · burning \(Format.number(grant.burnPerHour, digits: 0))/h"
        if grant.exhausted {
            line += " · EXHAUSTED"
        } else if let at = grant.exhaustsAt {
            line += " · runs out \(Format.fleetClock(at))"
        } else if grant.burnPerHour > 0 {
            line += " · lasts the month"
        }
        return [line]
    }

    /// Slurm LevelFS / FairShare or Kueue weightedShare, whichever a feed reports.
    private static func fairShare(_ team: String, standing: TeamStanding?, _ s: FleetState) -> String {
        switch standing?.fairShare {
        case let .slurm(shares, usage, levelFS):
            return "fairshare Slurm: shares \(Format.percent(shares, digits: 0)), usage \(Format.percent(usage, digits: 0))"
                + (levelFS.map { $0.isInfinite ? ", LevelFS ∞ (no usage)" : ", LevelFS \(Format.number($0, digits: 2))" } ?? "")
        case let .kueue(queue, share, weight):
            return "fairshare Kueue \(sanitizeForTerminal(queue)): weightedShare \(Format.number(share, digits: 0))"
                + (weight.map { ", weight \(Format.number($0, digits: 2))" } ?? "")
        case nil:
            if let w = s.policy?.rules?.fairShareWeights[team] { return "fairshare weight \(Format.number(w, digits: 2)) (policy); no scheduler reports usage" }
            return "fairshare no scheduler feed reports fair share for this team"
        }
    }

    /// The team's requests that are open or in force (as requester or as the other side of a dispute).
    private static func requests(_ team: String, _ s: FleetState, now: Double) -> [String] {
        let mine = (s.governance?.requests ?? []).filter { ($0.team == team || $0.againstTeam == team) && ($0.status.isOpen || $0.isInEffect(at: now)) }
        return mine.prefix(4).map { r in
            "requests  \(r.id) \(r.kind.rawValue) \(r.amountText) · " + (r.isInEffect(at: now)
                ? "IN FORCE until \(Format.clock(r.windowEnd).prefix(5)) UTC" : "\(r.status.rawValue), \(r.urgency.rawValue)")
                + " · \(sanitizeForTerminal(r.justification))"
        } + (mine.count > 4 ? ["requests  … and \(mine.count - 4) more in :approvals"] : [])
    }

    /// Budget use and projection; over the throttle threshold, the plan (dry run) with its commands.
    private static func budget(_ team: Team, usage u: TeamUsage, _ s: FleetState) -> [String] {
        guard let status = s.teamIndex(named: team.name).flatMap(s.budgetStatus(team:)) else {
            return ["budget    none set"]
        }
        var lines = ["budget    \(Format.money(u.monthToDateCost)) of \(Format.money(team.monthlyBudget)) (\(Format.percent(status.used, digits: 0)))"
                     + " · projected \(Format.percent(status.projected, digits: 0))"
                     + (status.runRateHours.map { " (run-rate on \(Int($0.rounded(.down))) h)" } ?? "") + " · warn at \(Format.percent(status.thresholds.warnAt, digits: 0)),"
                     + " throttle at \(Format.percent(status.thresholds.throttleAt, digits: 0)) · \(status.level.rawValue.uppercased())"]
        guard status.throttles || status.projected >= status.thresholds.throttleAt else { return lines }
        let plan = ThrottlePlan.plan(team: team.name, s)
        lines.append("throttle  plan (dry run; runs only through an approved request): hold \(plan.steps.count) jobs, saves \(Format.money(plan.savesPerHour, perHour: true))")
        for step in plan.steps.prefix(5) {
            lines.append("  hold    \(sanitizeForTerminal(step.jobID)) \(step.className) \(step.gpus) GPUs: \(sanitizeForTerminal(step.command))")
        }
        if plan.steps.count > 5 { lines.append("  … and \(plan.steps.count - 5) more") }
        return lines
    }
}

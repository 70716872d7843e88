import FleetCore
import Foundation

/// The JSON of the jobs, teams and idle lists: the rows the pane shows, in its scope, filter and order, as values
/// under stable snake_case keys (numbers as numbers, `null` where missing), never the display text of the cells.
enum ListJSON {
    static func jobs(ui: UIState, ctx: FrameContext) -> [[String: Any]] {
        let s = ctx.state
        let byID = Dictionary((s.jobSlots.compactMap { $0 } + s.recentFinishedJobs).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return JobsPane.rows(ui: ui, ctx: ctx).compactMap { byID[$0.id] }.map { job in
            let run = job.startedAt.map { (job.endedAt ?? s.now) - $0 }
            var nodes: [String] = []
            for g in job.gpuIndices where Int(g) < s.gpus.count {
                let name = s.nodes[Int(s.gpus.node[Int(g)])].name
                if nodes.last != name { nodes.append(name) }
            }
            return [
                "id": job.id, "name": job.name, "team": s.teamName(of: job) ?? NSNull(),
                "priority_class": s.classLabel(of: job), "state": job.state.rawValue, "gpus": job.gpus,
                "gpu_model": job.gpuModel ?? NSNull(), "wait_seconds": JSONValue.of(job.wait(now: s.now), JSONNumber.seconds),
                "run_seconds": JSONValue.of(run, JSONNumber.seconds), "nodes": nodes.isEmpty ? (job.scheduler?.nodes ?? []) : nodes,
                "pending_reason": job.state == .pending && !job.pendingReason.isEmpty ? job.pendingReason : NSNull(),
                "queue": job.queueName(classes: s.priorityClasses),
            ]
        }
    }

    static func teams(ui: UIState, ctx: FrameContext) -> [[String: Any]] {
        let s = ctx.state
        return TeamsPane.rows(ui: ui, ctx: ctx).compactMap { s.teamIndex(named: $0.id) }.map { i in
            let team = s.org.teams[i]
            let u = i < s.teamUsage.count ? s.teamUsage[i] : TeamUsage()
            let budget = s.budgetStatus(team: i)
            let limited = team.hasLimits
            return [
                "team": team.name, "quota_gpus": limited ? team.quotaGPUs : NSNull(), "used_gpus": u.allocatedGPUs,
                "running_jobs": u.runningJobs, "pending_jobs": u.pendingJobs,
                "cost_per_hour": JSONValue.of(u.costPerHour, JSONNumber.rate),
                "month_to_date": JSONValue.of(u.monthToDateCost, JSONNumber.money),
                "monthly_budget": limited ? JSONValue.of(team.monthlyBudget, JSONNumber.money) : NSNull(),
                "projected_month_end": JSONValue.of(s.projectedMonthEnd(team: i), JSONNumber.money),
                "budget_level": budget?.level.rawValue ?? NSNull(),
                "budget_used": JSONValue.of(budget?.used, JSONNumber.ratio),
                "department": team.department < s.org.departments.count ? s.org.departments[team.department].name : NSNull(),
            ]
        }
    }

    static func idle(ui: UIState, ctx: FrameContext) -> [[String: Any]] {
        let s = ctx.state
        let findings = Dictionary(IdlePane.findings(s, wallNow: ctx.wallNow).map { (s.gpus.uuid[$0.gpu], $0) }, uniquingKeysWith: { a, _ in a })
        return IdlePane.rows(ui: ui, ctx: ctx).compactMap { findings[$0.id] }.map { f in
            let node = s.nodes[Int(s.gpus.node[f.gpu])]
            return [
                "uuid": s.gpus.uuid[f.gpu], "owner": GPUFreshness.owner(s, gpu: f.gpu) ?? NSNull(), "node": node.name,
                "index": f.gpu - node.firstGPU,
                "model": node.model < s.fleet.models.count ? s.fleet.models[node.model].name : NSNull(),
                "idle_seconds": JSONValue.of(f.idle, JSONNumber.seconds),
                "utilisation_percent": JSONValue.of(s.gpus.utilPercent[f.gpu], JSONNumber.percent),
                "cost_per_hour": JSONValue.of(f.cost, JSONNumber.rate),
            ]
        }
    }
}

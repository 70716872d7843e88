import FleetCore
import Foundation

/// The values a pane shows, as JSON for scripts (`fleetdeck snapshot --json`). Missing data is `null`, never a made-up number.
public enum PaneSnapshot {
    /// Pretty-printed JSON with sorted keys.
    public static func json(pane: Pane, ui: UIState, ctx: FrameContext) -> String {
        let object: [String: Any] = switch pane {
        case .overview: overview(ctx)
        case .queues: queues(ui: ui, ctx: ctx)
        case .cost: cost(ui: ui, ctx: ctx)
        case .forecast: forecast(ui: ui, ctx: ctx)
        case .jobs: ["pane": "jobs", "jobs": ListJSON.jobs(ui: ui, ctx: ctx)]
        case .teams: ["pane": "teams", "teams": ListJSON.teams(ui: ui, ctx: ctx)]
        case .gpus: gpus(ui: ui, ctx: ctx)
        case .idle: ["pane": "idle", "idle": ListJSON.idle(ui: ui, ctx: ctx)]
        case .feeds: feeds(ctx)
        case .approvals: RequestJSON.approvals(ctx)
        case .alerts: RequestJSON.alerts(ctx)
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Cost by the pane's dimension split by purchase option, month to date, waste, commitment advice and TCO.
    private static func cost(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let rows: [[String: Any]] = CostBreakdown.derive(ctx.state, by: ui.costDimension).rows.map { r in
            ["name": r.name, "cost_per_hour": JSONValue.of(r.perHour, JSONNumber.rate),
             "month_to_date": JSONValue.of(r.monthToDate, JSONNumber.money),
             "unpriced_gpu_hours": JSONValue.of(r.unpricedGPUHours, JSONNumber.measured),
             "cost_per_hour_by_purchase": Dictionary(uniqueKeysWithValues: r.perHourByOption.map {
                 ($0.key.rawValue, JSONValue.of($0.value, JSONNumber.rate))
             })]
        }
        let advice: [[String: Any]] = CommitmentAdvice.derive(ctx.state).map {
            ["pool": $0.pool, "model": $0.model, "history_hours": $0.hours, "commit_gpus": $0.commitGPUs,
             "on_demand_cost": JSONValue.of($0.onDemandCost, JSONNumber.money),
             "mixed_cost": JSONValue.of($0.mixedCost, JSONNumber.money), "saving": JSONValue.of($0.saving, JSONNumber.money)]
        }
        let k = ctx.kpis
        return ["pane": "cost", "by": ui.costDimension.rawValue, "rows": rows, "cost_per_hour": JSONValue.of(k.costPerHour, JSONNumber.rate),
                "idle_allocated_cost_per_hour": JSONValue.of(k.idleAllocatedCostPerHour, JSONNumber.rate),
                "unallocated_cost_per_hour": JSONValue.of(k.unallocatedCostPerHour, JSONNumber.rate), "unpriced_gpus": k.unpricedGPUs,
                "commitment_advice": advice,
                "cost_per_inference": CostPerInference.derive(ctx.state).map { c -> [String: Any] in
                    ["service": c.service, "gpus": c.gpus, "cost_per_hour": JSONValue.of(c.costPerHour, JSONNumber.rate),
                     "requests_per_second": JSONValue.of(c.requestsPerSecond, JSONNumber.measured),
                     "cost_per_1000_requests": JSONValue.of(c.costPerThousand, JSONNumber.rate)]
                }]
    }

    /// Per-series demand now, limit, forecasts under the scenario, first dates over the limit (mean, interval top), and
    /// per horizon band the model with its backtest MASE and interval coverage.
    private static func forecast(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let list: [[String: Any]] = ForecastPane.series(ui: ui, ctx: ctx).map { r in
            [
                "series": r.id, "now_gpus": JSONValue.of(r.now, JSONNumber.measured),
                "limit_gpus": JSONValue.of(r.limit, JSONNumber.measured), "in_7d_gpus": JSONValue.of(r.week, JSONNumber.measured),
                "in_30d_gpus": JSONValue.of(r.month, JSONNumber.measured),
                "in_30d_p95_gpus": JSONValue.of(r.monthHigh, JSONNumber.measured),
                "exceeds_limit_at": JSONValue.of(r.exceedsAt, JSONNumber.seconds),
                "p95_exceeds_limit_at": JSONValue.of(r.mayExceedAt, JSONNumber.seconds),
                "history_hours": r.history.count,
                "bands": (r.forecast?.skill ?? []).map { b -> [String: Any] in
                    ["hours": b.steps, "model": b.label, "naive_is_better": b.isNaive,
                     "backtest_mase": JSONValue.of(b.mase, JSONNumber.ratio),
                     "naive_mase": JSONValue.of(b.naiveMASE, JSONNumber.ratio),
                     "coverage_95": JSONValue.of(b.coverage, JSONNumber.ratio)]
                },
            ]
        }
        let s = ui.forecastScenario
        return ["pane": "forecast", "series": list,
                "scenario": ["growth_percent_30d": JSONValue.of(s.growthPercent, JSONNumber.percent), "accelerated": s.accelerated,
                             "new_model_gpus": s.newModelGPUs, "mixture_of_experts": s.mixtureOfExperts]]
    }

    /// Per-queue figures in the pane's grouping and filter; waits in seconds, unknown ones null.
    private static func queues(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let shown = Set(QueuesPane.rows(ui: ui, ctx: ctx).map(\.id))
        let list: [[String: Any]] = QueueStats.derive(from: ctx.state, grouping: ui.queueGrouping)
            .filter { shown.contains($0.name) }
            .map { q in
                [
                    "name": q.name, "pending_jobs": q.pendingJobs, "pending_gpus": q.pendingGPUs,
                    "running_jobs": q.runningJobs, "running_gpus": q.runningGPUs,
                    "oldest_wait_seconds": JSONValue.of(q.oldestWait, JSONNumber.seconds),
                    "wait_p50_seconds": JSONValue.of(q.waitP50, JSONNumber.seconds),
                    "wait_p95_seconds": JSONValue.of(q.waitP95, JSONNumber.seconds), "started_in_window": q.startedInWindow,
                    "sla_seconds": JSONValue.of(q.sla, JSONNumber.seconds), "flags": QueuesPane.flags(q).text,
                    "pending_reasons": Dictionary(q.reasons.map { ($0.category.rawValue, $0.count) }, uniquingKeysWith: +),
                    "depth_history": q.depthHistory, "depth_limit": q.depthLimit.map { $0 as Any } ?? NSNull(),
                    "cohort": q.quota?.parent.map { $0 as Any } ?? NSNull(),
                    "nominal_gpus": JSONValue.of(q.quota?.nominalGPUs, JSONNumber.measured),
                    "used_gpus": JSONValue.of(q.quota?.usedGPUs, JSONNumber.measured),
                    "borrowing_limit_gpus": JSONValue.of(q.quota?.borrowingLimitGPUs, JSONNumber.measured),
                    "pending_inadmissible": q.quota?.pendingInadmissible.map { $0 as Any } ?? NSNull(),
                    "fair_weight": JSONValue.of(q.quota?.fairWeight, JSONNumber.ratio),
                    "weighted_share": JSONValue.of(q.quota?.weightedShare, JSONNumber.ratio),
                ]
            }
        // Cohorts (Kueue) have no jobs of their own: listed with their quota and parent for the tree.
        let cohorts: [[String: Any]] = (ctx.state.queueQuotas ?? []).filter { $0.kind == "Cohort" }.map { c in
            ["name": c.name, "parent": c.parent.map { $0 as Any } ?? NSNull(),
             "nominal_gpus": JSONValue.of(c.nominalGPUs, JSONNumber.measured), "used_gpus": JSONValue.of(c.usedGPUs, JSONNumber.measured),
             "borrowing_limit_gpus": JSONValue.of(c.borrowingLimitGPUs, JSONNumber.measured),
             "fair_weight": JSONValue.of(c.fairWeight, JSONNumber.ratio)]
        }
        return ["pane": "queues", "grouping": ui.queueGrouping.rawValue, "queues": list, "cohorts": cohorts]
    }

    /// Per-GPU values in the pane's order and filter; values of a stale GPU are reported with `"stale": true`.
    private static func gpus(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let s = ctx.state
        let index = Dictionary(s.gpus.uuid.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let reference = GPUFreshness.reference(s, wallNow: ctx.wallNow)
        let staleAfter = GPUFreshness.staleAfter(s)
        let list: [[String: Any]] = GPUsPane.rows(ui: ui, ctx: ctx).compactMap { row in
            guard let g = index[row.id] else { return nil }
            let node = s.nodes[Int(s.gpus.node[g])]
            let model = node.model < s.fleet.models.count ? s.fleet.models[node.model] : nil
            let sampled = s.gpus.sampledAt[g] > 0
            return [
                "uuid": s.gpus.uuid[g], "node": node.name, "model": model?.name ?? NSNull(),
                "utilisation_percent": JSONValue.of(sampled ? s.gpus.utilPercent[g] : nil, JSONNumber.percent),
                "memory_used_mib": JSONValue.of(sampled ? s.gpus.memoryUsedMiB[g] : nil, JSONNumber.measured),
                "memory_total_mib": JSONValue.of((model?.memoryMiB).flatMap { $0 > 0 ? $0 : nil }, JSONNumber.measured),
                "power_watts": JSONValue.of(sampled ? s.gpus.powerWatts[g] : nil, JSONNumber.watts),
                "temperature_c": JSONValue.of(sampled ? s.gpus.temperatureC[g] : nil, JSONNumber.measured),
                "sm_clock_mhz": JSONValue.of(sampled ? s.gpus.smClockMHz[g] : nil, JSONNumber.measured),
                "health": "\(s.gpus.health[g])", "health_reasons": s.gpus.conditions[g].descriptions,
                "last_xid": s.gpus.lastXID[g] == 0 ? NSNull() : Int(s.gpus.lastXID[g]),
                "owner": GPUFreshness.owner(s, gpu: g) ?? NSNull(),
                "mig_instances": (s.gpus.migInstances[Int32(g)] ?? []).map {
                    ["id": $0.instanceID, "profile": $0.profile, "owner": $0.owner,
                     "utilisation_percent": JSONValue.of($0.utilPercent, JSONNumber.percent)]
                },
                "stale": !GPUFreshness.isFresh(s, gpu: g, reference: reference, staleAfter: staleAfter),
            ]
        }
        return ["pane": "gpus", "gpus": list, "total_gpus": s.gpus.count]
    }

    private static func feeds(_ ctx: FrameContext) -> [String: Any] {
        ["pane": "feeds", "feeds": ctx.state.feeds.map { f -> [String: Any] in
            ["feed": f.name, "kind": f.kind.rawValue, "stale": f.isStale(now: ctx.wallNow),
             "age_seconds": JSONValue.of(f.age(now: ctx.wallNow), JSONNumber.seconds),
             "interval_seconds": JSONValue.of(f.intervalSeconds, JSONNumber.measured), "errors": f.errorCount, "bad_lines": f.problemCount,
             "last_error": f.lastError ?? NSNull(), "last_problem": f.lastProblem ?? NSNull()]
        }]
    }

    private static func overview(_ ctx: FrameContext) -> [String: Any] {
        let k = ctx.kpis
        let s = ctx.state
        return [
            "pane": "overview",
            "fleet": s.fleet.name,
            "fleet_time": UTCCalendar.format(s.now, seconds: true),
            "policy": s.policy?.source ?? NSNull(),
            "total_gpus": k.totalGPUs,
            "capacity": k.capacity,
            "allocated_gpus": k.allocationKnown ? k.allocated : NSNull(),
            "as_of": s.savedDocumentTime.map { UTCCalendar.format($0, seconds: true) } ?? NSNull(),
            "allocation": JSONValue.of(k.allocation, JSONNumber.ratio),
            "busy": JSONValue.of(k.busy, JSONNumber.ratio),
            "busy_reporting_gpus": k.busySampledGPUs,
            "effective_utilisation": JSONValue.of(k.effectiveUtilization, JSONNumber.ratio),
            "idle_allocated": k.idleAllocated.map { $0 as Any } ?? NSNull(),
            "idle_allocated_cost_per_hour": JSONValue.of(k.idleAllocatedCostPerHour, JSONNumber.rate),
            "queue_depth": ["pending_jobs": k.pendingJobs, "pending_gpus": k.pendingGPUs,
                            "per_class": k.classes.map { ["class": $0.name, "pending_jobs": $0.pendingJobs, "pending_gpus": $0.pendingGPUs,
                                                          "running_jobs": $0.runningJobs] }],
            "oldest_pending_wait_seconds": JSONValue.of(k.oldestPendingWait, JSONNumber.seconds),
            "queue_wait": k.classes.map { c -> [String: Any] in
                ["class": c.name, "p50_seconds": JSONValue.of(c.waitP50, JSONNumber.seconds),
                 "p95_seconds": JSONValue.of(c.waitP95, JSONNumber.seconds),
                 "sla_seconds": c.isUnmapped ? NSNull() : JSONValue.of(c.slaSeconds, JSONNumber.seconds),
                 "sla_attainment": JSONValue.of(c.slaAttainment, JSONNumber.ratio), "started_in_window": c.startedInWindow, "breach": c.breachesSLA]
            },
            "cost_exposure_per_hour": JSONValue.of(k.costPerHour, JSONNumber.rate),
            "idle_cost_exposure_per_hour": JSONValue.of(k.idleCostPerHour, JSONNumber.rate),
            "unallocated_cost_per_hour": JSONValue.of(k.unallocatedCostPerHour, JSONNumber.rate),
            "unpriced_gpus": k.unpricedGPUs,
            "open_alerts": k.alerts.count,
            "alerts": k.alerts.map { ["severity": $0.severity.rawValue, "subject": $0.subject, "message": $0.message] },
            "pending_approvals": k.pendingApprovals,
            "feed_freshness": s.feeds.map { f -> [String: Any] in
                ["feed": f.name, "kind": f.kind.rawValue, "age_seconds": JSONValue.of(f.age(now: ctx.wallNow), JSONNumber.seconds),
                 "stale": f.isStale(now: ctx.wallNow), "interval_seconds": JSONValue.of(f.intervalSeconds, JSONNumber.measured), "errors": f.errorCount, "last_error": f.lastError ?? NSNull()]
            },
            "pools": k.pools.map { ["pool": $0.name, "purchase": $0.purchase.rawValue, "capacity": $0.capacity,
                                    "allocated": k.allocationKnown ? $0.allocated : NSNull(), "busy": JSONValue.of($0.busy, JSONNumber.ratio),
                                    "cost_per_hour": JSONValue.of($0.costPerHour, JSONNumber.rate)] },
        ]
    }
}

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
        case .jobs: ["pane": "jobs", "jobs": JobsPane.rows(ui: ui, ctx: ctx).map { rowObject($0, JobsPane.columns.map(\.title)) }]
        case .teams: ["pane": "teams", "teams": TeamsPane.rows(ui: ui, ctx: ctx).map { rowObject($0, TeamsPane.columns.map(\.title)) }]
        case .gpus: gpus(ui: ui, ctx: ctx)
        case .idle: ["pane": "idle", "idle": IdlePane.rows(ui: ui, ctx: ctx).map { rowObject($0, IdlePane.columns.map(\.title)) }]
        case .feeds: feeds(ctx)
        case .approvals: RequestJSON.approvals(ctx)
        case .alerts: RequestJSON.alerts(ctx)
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private static func rowObject(_ row: ListRow, _ titles: [String]) -> [String: Any] {
        var out: [String: Any] = ["id": row.id]
        for (title, cell) in zip(titles, row.cells) {
            out[title.lowercased().replacingOccurrences(of: " / ", with: "_").replacingOccurrences(of: ".", with: "")] = cell.text
        }
        return out
    }

    private static func value(_ v: Double?) -> Any { v.map { $0 as Any } ?? NSNull() }

    /// Cost by the pane's dimension split by purchase option, month to date, waste, commitment advice and TCO.
    private static func cost(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let rows: [[String: Any]] = CostBreakdown.derive(ctx.state, by: ui.costDimension).rows.map { r in
            ["name": r.name, "cost_per_hour": r.perHour, "month_to_date": r.monthToDate, "unpriced_gpu_hours": r.unpricedGPUHours,
             "cost_per_hour_by_purchase": Dictionary(uniqueKeysWithValues: r.perHourByOption.map { ($0.key.rawValue, $0.value) })]
        }
        let advice: [[String: Any]] = CommitmentAdvice.derive(ctx.state).map {
            ["pool": $0.pool, "model": $0.model, "history_hours": $0.hours, "commit_gpus": $0.commitGPUs,
             "on_demand_cost": $0.onDemandCost, "mixed_cost": $0.mixedCost, "saving": $0.saving]
        }
        let k = ctx.kpis
        return ["pane": "cost", "by": ui.costDimension.rawValue, "rows": rows, "cost_per_hour": value(k.costPerHour),
                "idle_allocated_cost_per_hour": value(k.idleAllocatedCostPerHour),
                "unallocated_cost_per_hour": value(k.unallocatedCostPerHour), "unpriced_gpus": k.unpricedGPUs,
                "commitment_advice": advice,
                "cost_per_inference": CostPerInference.derive(ctx.state).map { c -> [String: Any] in
                    ["service": c.service, "gpus": c.gpus, "cost_per_hour": c.costPerHour, "requests_per_second": value(c.requestsPerSecond),
                     "cost_per_1000_requests": value(c.costPerThousand)]
                }]
    }

    /// Per-series demand now, limit, forecasts under the scenario, first date over the limit, the model and its MASE.
    private static func forecast(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let list: [[String: Any]] = ForecastPane.series(ui: ui, ctx: ctx).map { r in
            [
                "series": r.id, "now_gpus": value(r.now), "limit_gpus": value(r.limit), "in_7d_gpus": value(r.week),
                "in_30d_gpus": value(r.month), "in_30d_p95_gpus": value(r.monthHigh), "exceeds_limit_at": value(r.exceedsAt),
                "history_hours": r.history.count, "seasonal_period_hours": r.forecast.map { $0.period as Any } ?? NSNull(),
                "mase": value(r.forecast?.mase), "alpha": value(r.forecast?.alpha), "beta": value(r.forecast?.beta),
                "gamma": value(r.forecast?.gamma),
            ]
        }
        let s = ui.forecastScenario
        return ["pane": "forecast", "series": list,
                "scenario": ["growth_percent_30d": s.growthPercent, "accelerated": s.accelerated,
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
                    "oldest_wait_seconds": value(q.oldestWait), "wait_p50_seconds": value(q.waitP50),
                    "wait_p95_seconds": value(q.waitP95), "started_in_window": q.startedInWindow,
                    "sla_seconds": value(q.sla), "flags": QueuesPane.flags(q).text,
                    "pending_reasons": Dictionary(q.reasons.map { ($0.category.rawValue, $0.count) }, uniquingKeysWith: +),
                    "depth_history": q.depthHistory, "depth_limit": q.depthLimit.map { $0 as Any } ?? NSNull(),
                    "cohort": q.quota?.parent.map { $0 as Any } ?? NSNull(),
                    "nominal_gpus": value(q.quota?.nominalGPUs), "used_gpus": value(q.quota?.usedGPUs),
                    "borrowing_limit_gpus": value(q.quota?.borrowingLimitGPUs),
                    "pending_inadmissible": q.quota?.pendingInadmissible.map { $0 as Any } ?? NSNull(),
                    "fair_weight": value(q.quota?.fairWeight), "weighted_share": value(q.quota?.weightedShare),
                ]
            }
        // Cohorts (Kueue) have no jobs of their own: listed with their quota and parent for the tree.
        let cohorts: [[String: Any]] = (ctx.state.queueQuotas ?? []).filter { $0.kind == "Cohort" }.map { c in
            ["name": c.name, "parent": c.parent.map { $0 as Any } ?? NSNull(), "nominal_gpus": value(c.nominalGPUs),
             "used_gpus": value(c.usedGPUs), "borrowing_limit_gpus": value(c.borrowingLimitGPUs),
             "fair_weight": value(c.fairWeight)]
        }
        return ["pane": "queues", "grouping": ui.queueGrouping.rawValue, "queues": list, "cohorts": cohorts]
    }

    private static func value(_ v: Float) -> Any { v.isFinite ? Double(v) as Any : NSNull() }

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
                "utilisation_percent": sampled ? value(s.gpus.utilPercent[g]) : NSNull(),
                "memory_used_mib": sampled ? value(s.gpus.memoryUsedMiB[g]) : NSNull(),
                "memory_total_mib": (model?.memoryMiB).flatMap { $0 > 0 ? $0 : nil } ?? NSNull(),
                "power_watts": sampled ? value(s.gpus.powerWatts[g]) : NSNull(),
                "temperature_c": sampled ? value(s.gpus.temperatureC[g]) : NSNull(),
                "sm_clock_mhz": sampled ? value(s.gpus.smClockMHz[g]) : NSNull(),
                "health": "\(s.gpus.health[g])", "health_reasons": s.gpus.conditions[g].descriptions,
                "last_xid": s.gpus.lastXID[g] == 0 ? NSNull() : Int(s.gpus.lastXID[g]),
                "owner": GPUFreshness.owner(s, gpu: g) ?? NSNull(),
                "mig_instances": (s.gpus.migInstances[Int32(g)] ?? []).map {
                    ["id": $0.instanceID, "profile": $0.profile, "owner": $0.owner, "utilisation_percent": value($0.utilPercent)]
                },
                "stale": !GPUFreshness.isFresh(s, gpu: g, reference: reference, staleAfter: staleAfter),
            ]
        }
        return ["pane": "gpus", "gpus": list, "total_gpus": s.gpus.count]
    }

    private static func feeds(_ ctx: FrameContext) -> [String: Any] {
        ["pane": "feeds", "feeds": ctx.state.feeds.map { f -> [String: Any] in
            ["feed": f.name, "kind": f.kind, "stale": f.isStale(now: ctx.wallNow), "age_seconds": value(f.age(now: ctx.wallNow)),
             "interval_seconds": f.intervalSeconds, "errors": f.errorCount, "bad_lines": f.problemCount,
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
            "allocation": value(k.allocation),
            "busy": value(k.busy),
            "busy_reporting_gpus": k.busySampledGPUs,
            "effective_utilisation": value(k.effectiveUtilization),
            "idle_allocated": value(k.idleAllocated.map(Double.init)),
            "idle_allocated_cost_per_hour": value(k.idleAllocatedCostPerHour),
            "queue_depth": ["pending_jobs": k.pendingJobs, "pending_gpus": k.pendingGPUs,
                            "per_class": k.classes.map { ["class": $0.name, "pending_jobs": $0.pendingJobs, "pending_gpus": $0.pendingGPUs,
                                                          "running_jobs": $0.runningJobs] }],
            "oldest_pending_wait_seconds": value(k.oldestPendingWait),
            "queue_wait": k.classes.map { c -> [String: Any] in
                ["class": c.name, "p50_seconds": value(c.waitP50), "p95_seconds": value(c.waitP95), "sla_seconds": c.isUnmapped ? NSNull() : c.slaSeconds,
                 "sla_attainment": value(c.slaAttainment), "started_in_window": c.startedInWindow, "breach": c.breachesSLA]
            },
            "cost_exposure_per_hour": value(k.costPerHour),
            "idle_cost_exposure_per_hour": value(k.idleCostPerHour),
            "unallocated_cost_per_hour": value(k.unallocatedCostPerHour),
            "unpriced_gpus": k.unpricedGPUs,
            "open_alerts": k.alerts.count,
            "alerts": k.alerts.map { ["severity": $0.severity.rawValue, "subject": $0.subject, "message": $0.message] },
            "pending_approvals": k.pendingApprovals,
            "feed_freshness": s.feeds.map { f -> [String: Any] in
                ["feed": f.name, "kind": f.kind, "age_seconds": value(f.age(now: ctx.wallNow)), "stale": f.isStale(now: ctx.wallNow),
                 "interval_seconds": f.intervalSeconds, "errors": f.errorCount, "last_error": f.lastError ?? NSNull()]
            },
            "pools": k.pools.map { ["pool": $0.name, "purchase": $0.purchase.rawValue, "capacity": $0.capacity,
                                    "allocated": k.allocationKnown ? $0.allocated : NSNull(), "busy": value($0.busy), "cost_per_hour": $0.costPerHour] },
        ]
    }
}

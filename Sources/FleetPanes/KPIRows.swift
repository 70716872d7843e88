import FleetCore
import FleetTUI

/// The overview's KPI block: name, value, status colour, detail and a last-hour sparkline per KPI.
struct KPIRows {
    var label: String
    var value: String
    var role: Role
    var detail: String
    var gauge: Double??
    var history: [Double?]

    static func make(_ ctx: FrameContext) -> [KPIRows] {
        let k = ctx.kpis
        let h = ctx.state.kpiHistory
        let minute = Int(saturating: (ctx.state.now / 60).rounded(.down))
        func series(_ f: (KPISample) -> Double?) -> [Double?] { h.series(endingAt: minute, f) }
        let noTelemetry = "no telemetry"
        let approvals = KeyMap.command(.approvals)
        let critical = k.criticalAlerts
        let idleRole: Role = (k.idleAllocated ?? 0) > 0 ? .warn : .ok
        let busyRole: Role = k.busy.map { $0 < 0.4 ? .warn : .ok } ?? .stale
        let coverage = k.allocated > 0 && k.busySampledGPUs < k.allocated ? " (\(k.busySampledGPUs) of \(k.allocated) reporting)" : ""
        return [
            KPIRows(label: "capacity", value: "\(k.capacity) GPUs", role: k.capacity < k.totalGPUs ? .warn : .ok,
                    detail: "of \(k.totalGPUs); \(k.totalGPUs - k.capacity) unschedulable", gauge: nil, history: series { $0.capacity }),
            k.allocationKnown
                ? KPIRows(label: "allocation", value: Format.percent(k.allocation), role: .text,
                          detail: "\(k.allocated) GPUs allocated", gauge: .some(k.allocation), history: series(\.allocation))
                : KPIRows(label: "allocation", value: "unknown", role: .stale,
                          detail: "no job list or node allocation", gauge: .some(nil), history: series(\.allocation)),
            KPIRows(label: "busy", value: k.busy.map { Format.percent($0) } ?? noTelemetry, role: busyRole,
                    detail: "mean util of allocated" + coverage, gauge: .some(k.busy), history: series(\.busy)),
            KPIRows(label: "effective util", value: k.effectiveUtilization.map { Format.percent($0) } ?? noTelemetry,
                    role: k.effectiveUtilization == nil ? .stale : .text, detail: "Σ util / capacity",
                    gauge: .some(k.effectiveUtilization), history: series(\.effectiveUtilization)),
            KPIRows(label: "pending", value: "\(k.pendingJobs) jobs", role: k.pendingJobs > 0 ? .warn : .ok,
                    detail: "\(k.pendingGPUs) GPUs requested", gauge: nil, history: series { $0.pendingGPUs }),
            KPIRows(label: "oldest pending", value: Format.duration(k.oldestPendingWait), role: .text,
                    detail: "longest current wait", gauge: nil, history: series(\.oldestPendingWait)),
            KPIRows(label: "idle allocated", value: k.idleAllocated.map { "\($0) GPUs" } ?? noTelemetry,
                    role: k.idleAllocated == nil ? .stale : idleRole,
                    detail: k.idleAllocatedCostPerHour.map { "\(Format.money($0, perHour: true)) burning" } ?? "",
                    gauge: nil, history: series(\.idleAllocated)),
            KPIRows(label: "cost exposure", value: k.costPerHour.map { Format.money($0, perHour: true) } ?? "no prices",
                    role: k.costPerHour == nil ? .stale : .text,
                    detail: k.unpricedGPUs > 0 ? "\(k.unpricedGPUs) GPUs without a price" : "all paid GPUs",
                    gauge: nil, history: series(\.costPerHour)),
            KPIRows(label: "idle cost", value: k.idleCostPerHour.map { Format.money($0, perHour: true) } ?? "no data",
                    role: k.idleCostPerHour == nil ? .stale : ((k.idleCostPerHour ?? 0) > 0.25 * (k.costPerHour ?? 1) ? .warn : .text),
                    detail: k.unallocatedCostPerHour.map { "incl. \(Format.money($0, perHour: true)) unallocated" } ?? "",
                    gauge: nil, history: series(\.idleCostPerHour)),
            KPIRows(label: "open alerts", value: "\(k.alerts.count)", role: critical > 0 ? .critical : k.alerts.isEmpty ? .ok : .warn,
                    detail: critical > 0 ? "\(critical) critical" : k.alerts.isEmpty ? "none" : "warnings only",
                    gauge: nil, history: series { $0.openAlerts }),
            KPIRows(label: "pending approvals", value: "\(k.pendingApprovals)", role: k.overdueApprovals > 0 ? .critical : k.pendingApprovals > 0 ? .warn : .ok,
                    detail: k.overdueApprovals > 0 ? "\(k.overdueApprovals) past SLA (\(approvals))"
                        : k.pendingApprovals > 0 ? "see \(approvals)" : "none waiting",
                    gauge: nil, history: []),
        ]
    }

    static func draw(_ rows: [KPIRows], ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let theme = ctx.theme
        Section.title("FLEET NOW" + (rect.width >= 60 ? "  (sparklines: last hour, one point per fleet minute)" : ""),
                      ctx, into: &buffer, at: rect)
        let labelW = 18, valueW = 13
        let detailW = rect.width >= 100 ? 34 : rect.width >= 76 ? 24 : 0
        let gaugeW = rect.width >= 110 ? 12 : 0
        for (i, row) in rows.enumerated() {
            let y = rect.y + 1 + i
            guard y < rect.maxY else { break }
            var x = rect.x
            _ = buffer.put(row.label, x: x, y: y, style: theme.style(.muted), maxWidth: labelW)
            x += labelW
            _ = buffer.put(pad(row.value, toWidth: valueW, alignment: .right), x: x, y: y,
                           style: theme.style(row.role).adding(.bold), maxWidth: min(valueW, rect.maxX - x))
            x += valueW + 2
            if gaugeW > 0 {
                if case .some(let fraction) = row.gauge {
                    Gauge(fraction: fraction).draw(into: &buffer, in: Rect(x: x, y: y, width: gaugeW, height: 1), theme: theme)
                }
                x += gaugeW + 1
            }
            if detailW > 0 {
                _ = buffer.put(truncate(row.detail, toWidth: detailW), x: x, y: y, style: theme.style(.muted),
                               maxWidth: max(0, min(detailW, rect.maxX - x)))
                x += detailW + 1
            }
            let sparkW = min(KPIHistory.depth, rect.maxX - x)
            if sparkW >= 8, !row.history.isEmpty {
                Sparkline(values: Array(row.history.suffix(sparkW))).draw(into: &buffer, in: Rect(x: x, y: y, width: sparkW, height: 1),
                                                                          theme: theme)
            }
        }
    }
}

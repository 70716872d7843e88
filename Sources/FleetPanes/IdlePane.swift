import Foundation
import FleetCore
import FleetTUI

/// `:idle` — allocated GPUs that have stayed under the idle threshold for the idle window, costliest first.
enum IdlePane {
    static let columns = [
        ListColumn("OWNER", .text, width: .flexible(minimum: 14, weight: 3)),
        ListColumn("NODE", .text, width: .flexible(minimum: 10, weight: 2)),
        ListColumn("#", .number, width: .fixed(3), alignment: .right), ListColumn("MODEL", .text, width: .fixed(8)),
        ListColumn("IDLE FOR", .duration, width: .fixed(8), alignment: .right),
        ListColumn("UTIL", .number, width: .fixed(5), alignment: .right), ListColumn("$/H", .money, width: .fixed(8), alignment: .right),
    ]

    /// An allocated GPU idle for the whole window: how long, and what it costs an hour (nil without a price).
    struct Finding {
        var gpu: Int
        var idle: Double
        var cost: Double?
    }

    /// The findings and their rows' ids (GPU UUIDs), as kept in the cache (a struct: casting it back is one type check).
    struct Findings {
        var list: [Finding]
        var ids: [String]
    }

    /// Idle findings, costliest first, then longest idle.
    static func findings(_ s: FleetState, wallNow: Double) -> [Finding] {
        let window = s.policy?.idleWindowSeconds ?? 1800
        let reference = GPUFreshness.reference(s, wallNow: wallNow)
        let staleAfter = GPUFreshness.staleAfter(s)
        var out: [Finding] = []
        for g in 0..<s.gpus.count where s.gpus.isAllocated(g) && !s.gpus.idleSince[g].isNaN {
            guard GPUFreshness.isFresh(s, gpu: g, reference: reference, staleAfter: staleAfter) else { continue }
            let idle = s.gpus.sampledAt[g] - s.gpus.idleSince[g]
            guard idle >= window else { continue }
            let price = g < s.gpuPrice.count && s.gpuPrice[g].isFinite ? s.gpuPrice[g] : nil
            out.append(Finding(gpu: g, idle: idle, cost: price))
        }
        return out.sorted { ($0.cost ?? -1, $0.idle) > ($1.cost ?? -1, $1.idle) }
    }

    /// The findings of this frame, derived once per state and wall clock.
    static func findings(ctx: FrameContext) -> Findings {
        ctx.cached(FindingsKey(wallNow: ctx.wallNow)) {
            let list = findings(ctx.state, wallNow: ctx.wallNow)
            return Findings(list: list, ids: list.map { ctx.state.gpus.uuid[$0.gpu] })
        }
    }

    /// The cache key of the findings: freshness reads the wall clock.
    private struct FindingsKey: Hashable {
        var wallNow: Double
    }

    /// The rows without sort or filter: ids in findings order, cells built only for the rows drawn. Nil when the user
    /// sorted or filtered (every row's cells are needed then).
    static func lazyRows(ui: UIState, ctx: FrameContext) -> LazyRows? {
        guard ui.sort[.idle] == nil, ui.filters[.idle].map({ $0.isEmpty || $0 == "!" }) ?? true else { return nil }
        let findings = findings(ctx: ctx)
        return LazyRows(ids: findings.ids) { row(findings.list[$0], ctx.state).cells }
    }

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        ctx.rows(.idle, ui: ui, readsWallClock: true) { buildRows(ui: ui, ctx: ctx) }
    }

    private static func buildRows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        let all = findings(ctx: ctx).list.map { row($0, ctx.state) }
        return ListSort.apply(ui.sort[.idle], to: Rows.filter(all, by: ui.filters[.idle], text: \.searchText), columns: columns)
    }

    /// The row of one finding.
    private static func row(_ f: Finding, _ s: FleetState) -> ListRow {
        let node = s.nodes[Int(s.gpus.node[f.gpu])]
        let model = node.model < s.fleet.models.count ? s.fleet.models[node.model].name : nil
        let util = Double(s.gpus.utilPercent[f.gpu])
        return ListRow(id: s.gpus.uuid[f.gpu], [
            .text(GPUFreshness.owner(s, gpu: f.gpu)), .text(node.name),
            .count(f.gpu - node.firstGPU), .text(model, missing: "?"),
            .duration(f.idle, role: .warn),
            ListField(TableCell(Format.number(util, digits: 0) + "%"), .number(ifKnown: util.isFinite ? util : nil)),
            ListField(TableCell(f.cost.map { Format.money($0) } ?? "no price", role: f.cost == nil ? .muted : nil), .money(ifKnown: f.cost)),
        ])
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let s = ctx.state
        let threshold = s.policy?.idleThresholdPercent ?? 5, window = s.policy?.idleWindowSeconds ?? 1800
        let findings = findings(ctx: ctx).list
        let cost = findings.compactMap(\.cost).reduce(0, +)
        let title = "IDLE ALLOCATED GPUS · under \(Format.number(threshold, digits: 0)) % for \(Format.duration(window)) · "
            + "\(Format.money(cost, perHour: true)) wasted"
        let noTelemetry = !s.gpus.sampledAt.contains { $0 > 0 }
        ListPane.draw(title: title, columns: columns, rows: lazyRows(ui: ui, ctx: ctx) ?? LazyRows(rows(ui: ui, ctx: ctx)),
                      total: findings.count,
                      emptyText: noTelemetry ? "no telemetry: idle GPUs cannot be detected without utilisation data"
                          : "no allocated GPU has been idle for the whole window",
                      pane: .idle, ui: ui, into: &buffer, in: rect, theme: ctx.theme)
    }
}

extension IdlePane: PaneDefinition {
    static func ids(ui: UIState, ctx: FrameContext) -> [String] { lazyRows(ui: ui, ctx: ctx)?.ids ?? rows(ui: ui, ctx: ctx).map(\.id) }

    /// The listed idle allocated GPUs, costliest first.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] {
        let s = ctx.state
        let findings = Dictionary(IdlePane.findings(s, wallNow: ctx.wallNow).map { (s.gpus.uuid[$0.gpu], $0) }, uniquingKeysWith: { a, _ in a })
        let list: [[String: Any]] = IdlePane.rows(ui: ui, ctx: ctx).compactMap { findings[$0.id] }.map { f in
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
        return ["pane": "idle", "idle": list]
    }

    /// The GPU's detail.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) { ui.overlay = .gpu(id) }
}

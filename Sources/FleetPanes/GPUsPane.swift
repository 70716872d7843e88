import Foundation
import FleetCore
import FleetTUI

/// `:gpus` — every GPU with its live values, owner and health, under a fleet heat map.
enum GPUsPane {
    static let columns = [
        ListColumn("NODE", .text, width: .flexible(minimum: 12, weight: 1)), ListColumn("#", .number, width: .fixed(3), alignment: .right),
        ListColumn("MODEL", .text, width: .fixed(6)), ListColumn("UTIL", .number, width: .fixed(5), alignment: .right),
        ListColumn("MEM GiB", .number, width: .fixed(7), alignment: .right), ListColumn("W", .number, width: .fixed(4), alignment: .right),
        ListColumn("°C", .number, width: .fixed(3), alignment: .right), ListColumn("SM", .number, width: .fixed(4), alignment: .right),
        ListColumn("MIG", .number, width: .fixed(3), alignment: .right), ListColumn("HEALTH", .text, width: .flexible(minimum: 8, weight: 1)),
        ListColumn("OWNER", .text, width: .flexible(minimum: 10, weight: 3)),
    ]

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        let s = ctx.state
        let clock = FreshnessClock(s, wallNow: ctx.wallNow)
        let all = nodeOrder(s).map { g in ListRow(id: s.gpus.uuid[g], fields(s, gpu: g, clock: clock)) }
        return ListSort.apply(ui.sort[.gpus], to: Rows.filter(all, by: ui.filters[.gpus], text: \.searchText), columns: columns)
    }

    /// The rows without sort or filter: ids in node order, cells built only for the rows drawn, so a page of a
    /// 100,000-GPU list costs what fits on screen. Nil when the user sorted or filtered (every row is needed then).
    static func lazyRows(ui: UIState, ctx: FrameContext) -> LazyRows? {
        guard ui.sort[.gpus] == nil, ui.filters[.gpus].map({ $0.isEmpty || $0 == "!" }) ?? true else { return nil }
        let s = ctx.state
        let order = nodeOrder(s)
        let clock = FreshnessClock(s, wallNow: ctx.wallNow)
        // GPUs are numbered node by node, so the ids are usually the UUID column itself (no copy).
        let ids = order.elementsEqual(0..<s.gpus.count) ? s.gpus.uuid : order.map { s.gpus.uuid[$0] }
        return LazyRows(ids: ids) { fields(s, gpu: order[$0], clock: clock).map(\.cell) }
    }

    /// GPU indices node by node, each node's GPUs in order.
    static func nodeOrder(_ s: FleetState) -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(s.gpus.count)
        for node in s.nodes { order += node.firstGPU..<(node.firstGPU + node.gpuCount) }
        return order
    }

    /// What a GPU's values are judged against: the reference clock and the stale age.
    struct FreshnessClock {
        var reference: Double
        var staleAfter: Double

        init(_ s: FleetState, wallNow: Double) {
            reference = GPUFreshness.reference(s, wallNow: wallNow)
            staleAfter = GPUFreshness.staleAfter(s)
        }
    }

    /// The cells of GPU `g`'s row and their sort keys.
    static func fields(_ s: FleetState, gpu g: Int, clock: FreshnessClock) -> [ListField] {
        let node = s.nodes[Int(s.gpus.node[g])]
        let model = node.model < s.fleet.models.count ? s.fleet.models[node.model] : nil
        let fresh = GPUFreshness.isFresh(s, gpu: g, reference: clock.reference, staleAfter: clock.staleAfter)
        let shown = fresh || s.gpus.sampledAt[g] > 0
        let value = { (v: Float, digits: Int) -> ListField in
            guard shown else { return ListField(TableCell("—", role: .muted), .missing) }
            let text = v.isFinite ? Format.number(Double(v), digits: digits) : "—"
            return ListField(TableCell(text, role: fresh ? nil : .stale), .number(ifKnown: v.isFinite ? Double(v) : nil))
        }
        let used = s.gpus.memoryUsedMiB[g]
        var memory = value(used.isFinite ? used / 1024 : used, 0)
        if let total = model?.memoryMiB, total > 0, used.isFinite, s.gpus.sampledAt[g] > 0 {
            memory.cell = TableCell("\(Format.number(Double(used) / 1024, digits: 0))/\(Format.number(total / 1024, digits: 0))",
                                    role: fresh ? nil : .stale)
            memory.key = .number(Double(used) / 1024)
        }
        let util = s.gpus.utilPercent[g]
        var utilField = value(util, 0)
        if fresh, util.isFinite { utilField.cell.text += "%" }
        let mig = s.gpus.migInstances[Int32(g)]?.count
        let health = healthCell(s, g, node: node, fresh: fresh)
        let owner = GPUFreshness.owner(s, gpu: g)
        return [
            .text(node.name), .count(g - node.firstGPU), .text(model?.name, missing: "?"), utilField, memory,
            value(s.gpus.powerWatts[g], 0), value(s.gpus.temperatureC[g], 0), value(s.gpus.smClockMHz[g], 0),
            mig.map { .count($0) } ?? ListField(TableCell("—", role: .muted), .missing),
            ListField(health, .text(health.text)),
            .text(owner, role: owner == nil ? .muted : nil),
        ]
    }

    /// "healthy", "degraded: thermal throttling", "FAILING: XID 79", "node down", "stale", "no telemetry".
    static func healthCell(_ s: FleetState, _ g: Int, node: Node, fresh: Bool) -> TableCell {
        if node.state == .down { return TableCell("node down", role: .critical) }
        let why = healthReasons(s, g)
        switch s.gpus.health[g] {
        case .failing: return TableCell("FAILING" + (why.isEmpty ? "" : ": " + why), role: .critical)
        case .degraded: return TableCell("degraded" + (why.isEmpty ? "" : ": " + why), role: .warn)
        case .healthy:
            if s.gpus.sampledAt[g] == 0 { return TableCell("no telemetry", role: .muted) }
            if !fresh { return TableCell("stale", role: .stale) }
            return TableCell(node.state == .drain ? "healthy, draining" : "healthy", role: .ok)
        }
    }

    /// The XID and conditions behind a GPU's health, shortest first.
    static func healthReasons(_ s: FleetState, _ g: Int) -> String {
        var parts: [String] = []
        if s.gpus.xidHealth[g] != .healthy, s.gpus.lastXID[g] != 0 { parts.append("XID \(s.gpus.lastXID[g])") }
        parts += s.gpus.conditions[g].descriptions
        return parts.joined(separator: ", ")
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let s = ctx.state
        let list = listRect(in: rect, ctx: ctx)
        if list.y > rect.y { FleetHeatMap.draw(ctx, into: &buffer, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: list.y - rect.y),
                                               order: "nodes in list order") }
        let counts = s.gpus.health.reduce(into: [0, 0, 0]) { $0[Int($1.rawValue)] += 1 }
        ListPane.draw(title: "GPUS · \(counts[2]) failing, \(counts[1]) degraded", columns: columns,
                      rows: lazyRows(ui: ui, ctx: ctx) ?? LazyRows(rows(ui: ui, ctx: ctx)), total: s.gpus.count,
                      emptyText: s.gpus.count == 0 ? "no GPUs: no telemetry feed has reported yet" : "no GPUs match",
                      pane: .gpus, ui: ui, into: &buffer, in: list, theme: ctx.theme)
    }
}

extension GPUsPane: PaneDefinition {
    /// Per-GPU values in the pane's order and filter; values of a stale GPU are reported with `"stale": true`.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] {
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

    static func ids(ui: UIState, ctx: FrameContext) -> [String] { lazyRows(ui: ui, ctx: ctx)?.ids ?? rows(ui: ui, ctx: ctx).map(\.id) }

    /// The list under the fleet heat map (a quarter of the body, 4 to 8 lines; none without GPUs).
    static func listRect(in body: Rect, ctx: FrameContext) -> Rect {
        let mapHeight = ctx.state.gpus.count == 0 ? 0 : min(max(4, body.height / 4), 8)
        return Rect(x: body.x, y: body.y + mapHeight, width: body.width, height: body.height - mapHeight)
    }

    /// The GPU's detail.
    static func drillDown(_ id: String, ui: inout UIState, ctx: FrameContext) { ui.overlay = .gpu(id) }
}

import Foundation
import FleetCore
import FleetTUI

/// `:feeds` — every source with its freshness, error count and last error.
enum FeedsPane {
    static let columns = [
        ListColumn("FEED", .text, width: .flexible(minimum: 16, weight: 3)), ListColumn("KIND", .text, width: .fixed(15)),
        ListColumn("STATUS", .text, width: .fixed(8)), ListColumn("LAST GOOD", .duration, width: .fixed(9), alignment: .right),
        ListColumn("EVERY", .duration, width: .fixed(6), alignment: .right), ListColumn("ERRORS", .number, width: .fixed(6), alignment: .right),
        ListColumn("BAD LINES", .number, width: .fixed(9), alignment: .right),
        ListColumn("LAST ERROR / PROBLEM", .text, width: .flexible(minimum: 12, weight: 4)),
    ]

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        let all = ctx.state.feeds.map { feed -> ListRow in
            let stale = feed.isStale(now: ctx.wallNow)
            let failing = (feed.lastErrorAt ?? 0) > (feed.lastGoodAt ?? 0)
            let status: TableCell = failing ? TableCell("FAILING", role: .critical)
                : stale ? TableCell("STALE", role: .stale) : TableCell("ok", role: .ok)
            let last = failing ? feed.lastError : (feed.lastProblem ?? feed.lastError)
            let age = feed.age(now: ctx.wallNow)
            return ListRow(id: feed.name, [
                .text(feed.name), .text(feed.kind.rawValue), ListField(status, .text(status.text)),
                ListField(TableCell(age.map { Format.age($0) } ?? "never", role: stale ? .stale : nil), .duration(ifKnown: age)),
                ListField(TableCell(Format.age(feed.intervalSeconds)), .duration(ifKnown: feed.intervalSeconds)),
                .count(feed.errorCount, role: feed.errorCount > 0 ? .warn : nil),
                .count(feed.problemCount, role: feed.problemCount > 0 ? .warn : nil),
                .text(last, role: last == nil ? .muted : nil),
            ])
        }
        return ListSort.apply(ui.sort[.feeds], to: Rows.filter(all, by: ui.filters[.feeds], text: \.searchText), columns: columns)
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        ListPane.draw(title: "FEEDS · stale after 3 intervals without a good update", columns: columns,
                      rows: rows(ui: ui, ctx: ctx), total: ctx.state.feeds.count,
                      emptyText: "no feed has reported yet", pane: .feeds, ui: ui, into: &buffer, in: rect, theme: ctx.theme)
    }
}

extension FeedsPane: PaneDefinition {
    /// Every feed with its freshness and errors.
    static func snapshot(ui: UIState, ctx: FrameContext) -> [String: Any] {
        ["pane": "feeds", "feeds": ctx.state.feeds.map { f -> [String: Any] in
            ["feed": f.name, "kind": f.kind.rawValue, "stale": f.isStale(now: ctx.wallNow),
             "age_seconds": JSONValue.of(f.age(now: ctx.wallNow), JSONNumber.seconds),
             "interval_seconds": JSONValue.of(f.intervalSeconds, JSONNumber.measured), "errors": f.errorCount, "bad_lines": f.problemCount,
             "last_error": f.lastError ?? NSNull(), "last_problem": f.lastProblem ?? NSNull()]
        }]
    }
}

import FleetCore
import FleetTUI

/// `:feeds` — every source with its freshness, error count and last error.
enum FeedsPane {
    static let columns = [
        TableColumn("FEED", width: .flexible(minimum: 16, weight: 3)), TableColumn("KIND", width: .fixed(15)),
        TableColumn("STATUS", width: .fixed(8)), TableColumn("LAST GOOD", width: .fixed(9), alignment: .right),
        TableColumn("EVERY", width: .fixed(6), alignment: .right), TableColumn("ERRORS", width: .fixed(6), alignment: .right),
        TableColumn("BAD LINES", width: .fixed(9), alignment: .right),
        TableColumn("LAST ERROR / PROBLEM", width: .flexible(minimum: 12, weight: 4)),
    ]

    static func rows(ui: UIState, ctx: FrameContext) -> [ListRow] {
        let all = ctx.state.feeds.map { feed -> ListRow in
            let stale = feed.isStale(now: ctx.wallNow)
            let failing = (feed.lastErrorAt ?? 0) > (feed.lastGoodAt ?? 0)
            let status: TableCell = failing ? TableCell("FAILING", role: .critical)
                : stale ? TableCell("STALE", role: .stale) : TableCell("ok", role: .ok)
            let last = failing ? feed.lastError : (feed.lastProblem ?? feed.lastError)
            return ListRow(id: feed.name, cells: [
                TableCell(sanitizeForTerminal(feed.name)), TableCell(sanitizeForTerminal(feed.kind.rawValue)), status,
                TableCell(feed.age(now: ctx.wallNow).map { Format.age($0) } ?? "never", role: stale ? .stale : nil),
                TableCell(Format.age(feed.intervalSeconds)),
                TableCell(String(feed.errorCount), role: feed.errorCount > 0 ? .warn : nil),
                TableCell(String(feed.problemCount), role: feed.problemCount > 0 ? .warn : nil),
                TableCell(sanitizeForTerminal(last ?? "—"), role: last == nil ? .muted : nil),
            ])
        }
        return ListSort.apply(ui.sort[.feeds], to: Rows.filter(all, by: ui.filters[.feeds], text: \.searchText))
    }

    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        ListPane.draw(title: "FEEDS · stale after 3 intervals without a good update", columns: columns,
                      rows: rows(ui: ui, ctx: ctx), total: ctx.state.feeds.count,
                      emptyText: "no feed has reported yet", pane: .feeds, ui: ui, into: &buffer, in: rect, theme: ctx.theme)
    }
}

extension FeedsPane: PaneDefinition {}

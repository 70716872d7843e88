import FleetCore
import FleetTUI

/// The governance slide's decision log: the board's decisions and action items recorded for the period.
enum ReviewDecisionList {
    /// Rows the log takes below the governance table: its title and a line per decision (or "none"), at most half
    /// the slide's body.
    static func height(_ decisions: [ReviewDecision], in body: Rect) -> Int {
        min(max(2, body.height / 2), max(decisions.count, 1) + 2)
    }

    /// Draws the log's title and its table, newest last.
    static func draw(_ decisions: [ReviewDecision], into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard rect.height > 0 else { return }
        _ = buffer.put("DECISIONS AND ACTION ITEMS (\(decisions.count))", x: rect.x, y: rect.y, style: theme.style(.header), maxWidth: rect.width)
        let list = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        guard list.height > 0 else { return }
        guard !decisions.isEmpty else {
            _ = buffer.put("none recorded for this period", x: list.x, y: list.y, style: theme.style(.muted), maxWidth: list.width)
            return
        }
        // The newest that fit: a long meeting's last decisions are the ones on screen.
        let shown = decisions.suffix(max(0, list.height - 1))
        let rows: [[TableCell]] = shown.map { d in
            [TableCell(d.id), TableCell(d.kind.rawValue), TableCell(sanitizeForTerminal(d.text)), TableCell(sanitizeForTerminal(d.owner)),
             TableCell(ReviewText.due(d)), TableCell(sanitizeForTerminal(d.recordedBy))]
        }
        let columns = [
            TableColumn("ID", width: .fixed(6)), TableColumn("KIND", width: .fixed(8)),
            TableColumn("DECISION OR ACTION", width: .flexible(minimum: 20, weight: 1)), TableColumn("OWNER", width: .fixed(14)),
            TableColumn("DUE", width: .fixed(10)), TableColumn("BY", width: .fixed(12)),
        ]
        Table(columns: columns, rows: rows, columnGap: 2).draw(into: &buffer, in: list, theme: theme)
    }
}

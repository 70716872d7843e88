import Testing
import FleetTUI

/// Every widget, at every small size and position, must stay inside its rect and never trap.
@Suite struct WidgetClippingTests {
    typealias Draw = @Sendable (inout CellBuffer, Rect, Theme) -> Void

    static let widgets: [(name: String, draw: Draw)] = [
        ("table", { buffer, rect, theme in
            Table(columns: [TableColumn("NAME", width: .flexible(minimum: 3, weight: 1)),
                            TableColumn("中文", width: .fixed(4), alignment: .center)],
                  rows: (0..<9).map { [TableCell("row\($0)"), TableCell("🚀\($0)", role: .warn)] },
                  selectedRow: 7).draw(into: &buffer, in: rect, theme: theme)
        }),
        ("gauge", { buffer, rect, theme in Gauge(fraction: 0.6, label: "60% 中").draw(into: &buffer, in: rect, theme: theme) }),
        ("gauge-nil", { buffer, rect, theme in Gauge(fraction: nil).draw(into: &buffer, in: rect, theme: theme) }),
        ("sparkline", { buffer, rect, theme in
            Sparkline(values: [1, nil, 3, 2, 8, 5]).draw(into: &buffer, in: rect, theme: theme)
        }),
        ("bar", { buffer, rect, theme in Bar(value: 7, maximum: 9).draw(into: &buffer, in: rect, theme: theme) }),
        ("heatmap", { buffer, rect, theme in
            HeatMap(values: (0..<50).map { $0 % 7 == 0 ? nil : Double($0) / 50 }).draw(into: &buffer, in: rect, theme: theme)
        }),
        ("hintbar", { buffer, rect, theme in
            HintBar(items: [HintItem(key: "q", label: "quit"), HintItem(key: "中", label: "wide", isDangerous: true)])
                .draw(into: &buffer, in: rect, theme: theme)
        }),
        ("dialog", { buffer, rect, theme in
            Dialog(title: "Deny 中?", body: ["line one", "🚀 two"], buttons: ["Deny", "Cancel"], defaultButton: 1)
                .draw(into: &buffer, in: rect, theme: theme)
        }),
        ("box", { buffer, rect, theme in Box(title: "Title 中", fillRole: .dialog).draw(into: &buffer, in: rect, theme: theme) }),
    ]

    @Test(arguments: 0..<widgets.count)
    func staysInsideItsRect(widget: Int) {
        let (name, draw) = Self.widgets[widget]
        let sentinel = Cell(scalar: "~", style: Style(fg: .indexed(99)))
        for width in 0...9 {
            for height in 0...5 {
                for origin in [(0, 0), (2, 1), (-2, -1), (7, 5)] {
                    var buffer = CellBuffer(width: 10, height: 6)
                    buffer.fill(buffer.bounds, scalar: "~", style: sentinel.style)
                    let rect = Rect(x: origin.0, y: origin.1, width: width, height: height)
                    draw(&buffer, rect, Theme.builtinDefault)
                    for y in 0..<buffer.height {
                        for x in 0..<buffer.width where !rect.contains(x: x, y: y) {
                            #expect(buffer[x: x, y: y] == sentinel, "\(name) drew outside \(rect) at \(x),\(y)")
                        }
                    }
                }
            }
        }
    }
}

import FleetCore
import Foundation

/// Inline SVG charts for the HTML review: plain shapes and text, no scripts, legible in print. A chart with no
/// values is not drawn (the caller says "no data" instead of showing an empty frame).
enum ReviewSVG {
    static let width = 720.0
    static let palette = ["#1f4e9c", "#9aa5b1", "#c9302c", "#e8a317", "#2e8540", "#6f42c1"]

    /// One series of a chart.
    struct Series {
        var name: String
        var values: [Double?]
    }

    /// Daily stacked bars (e.g. allocated, idle, planned down, down GPU-hours); nil when no value is present.
    static func stackedBars(days: [String], series: [Series]) -> String? {
        let totals = days.indices.map { i in series.reduce(0.0) { $0 + ($1.values[i] ?? 0) } }
        guard let top = totals.max(), top > 0 else { return nil }
        let height = 220.0, left = 60.0, bottom = 30.0, plot = height - bottom - 10
        let step = (width - left - 10) / Double(max(days.count, 1)), barWidth = max(1, step * 0.8)
        var svg = frame(height: height, left: left, bottom: bottom, top: top, unit: "")
        for (i, _) in days.enumerated() {
            var y = height - bottom
            for (k, s) in series.enumerated() {
                let h = (s.values[i] ?? 0) / top * plot
                guard h > 0 else { continue }
                y -= h
                svg += rect(x: left + Double(i) * step, y: y, w: barWidth, h: h, color: palette[k % palette.count])
            }
        }
        svg += axisLabels(days, left: left, step: step, y: height - bottom + 14)
        return svg + legend(series.map(\.name), y: height + 6) + "</svg>"
    }

    /// Daily lines of shares (0–1) drawn as percentages; nil when no value is present.
    static func lines(days: [String], series: [Series]) -> String? {
        guard series.contains(where: { $0.values.contains { $0 != nil } }) else { return nil }
        let height = 200.0, left = 60.0, bottom = 30.0, plot = height - bottom - 10
        let step = (width - left - 10) / Double(max(days.count - 1, 1))
        var svg = frame(height: height, left: left, bottom: bottom, top: 100, unit: " %")
        for (k, s) in series.enumerated() {
            let points = s.values.enumerated().compactMap { i, v in
                v.map { String(format: "%.1f,%.1f", left + Double(i) * step, height - bottom - min(max($0, 0), 1) * plot) }
            }
            svg += "<polyline fill=\"none\" stroke=\"\(palette[k % palette.count])\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
        }
        svg += axisLabels(days, left: left, step: step, y: height - bottom + 14)
        return svg + legend(series.map(\.name), y: height + 6) + "</svg>"
    }

    /// Horizontal bars, one per label, with the value written at the bar's end and an optional target line;
    /// nil when no value is present.
    static func bars(_ items: [(label: String, value: Double?, text: String)], target: Double? = nil) -> String? {
        let present = items.compactMap { $0.value }
        guard let top = (present + [target ?? 0]).max(), top > 0 else { return nil }
        let row = 22.0, left = 180.0, right = 90.0, height = Double(items.count) * row + 20
        let plot = width - left - right
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        for (i, item) in items.enumerated() {
            let y = 10 + Double(i) * row
            svg += text(x: left - 6, y: y + 15, item.label, anchor: "end")
            guard let v = item.value else {
                svg += text(x: left + 4, y: y + 15, ReviewText.missing, anchor: "start")
                continue
            }
            let w = max(0, v) / top * plot
            svg += rect(x: left, y: y + 3, w: w, h: row - 6, color: palette[0])
            svg += text(x: left + w + 4, y: y + 15, item.text, anchor: "start")
        }
        if let target {
            let x = left + target / top * plot
            svg += String(format: "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c9302c\" stroke-dasharray=\"4 3\"/>", x, x, height - 6)
        }
        return svg + "</svg>"
    }

    private static func frame(height: Double, left: Double, bottom: Double, top: Double, unit: String) -> String {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height + 24))\" viewBox=\"0 0 \(Int(width)) \(Int(height + 24))\" role=\"img\">"
        svg += String(format: "<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>", left, left, height - bottom)
        svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>", left, height - bottom, width - 10, height - bottom)
        svg += text(x: left - 4, y: 16, ReviewText.value(top, .gpuHours) + unit, anchor: "end")
        svg += text(x: left - 4, y: height - bottom, "0", anchor: "end")
        return svg
    }

    private static func axisLabels(_ days: [String], left: Double, step: Double, y: Double) -> String {
        guard !days.isEmpty else { return "" }
        let every = max(1, days.count / 8)
        return days.enumerated().filter { $0.offset % every == 0 }.map { i, day in
            text(x: left + Double(i) * step, y: y, String(day.suffix(5)), anchor: "start")
        }.joined()
    }

    /// Swatches and names under a chart's axis (the frame leaves 24 px for them).
    private static func legend(_ names: [String], y: Double) -> String {
        names.enumerated().map { k, name in
            let x = 60.0 + Double(k) * 150
            return rect(x: x, y: y, w: 12, h: 12, color: palette[k % palette.count]) + text(x: x + 16, y: y + 10, name, anchor: "start")
        }.joined()
    }

    private static func rect(x: Double, y: Double, w: Double, h: Double, color: String) -> String {
        guard w > 0, h > 0 else { return "" }
        return String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" ", x, y, w, h) + "fill=\"\(color)\"/>"
    }

    private static func text(x: Double, y: Double, _ s: String, anchor: String) -> String {
        String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" ", x, y) + "text-anchor=\"\(anchor)\">" + ReviewHTML.escaped(s) + "</text>"
    }
}

import FleetCore
import FleetTUI

/// The review's large figures and block-character charts, drawn from the pack's figures (no number of their own).
enum ReviewCharts {
    /// A large figure: its label, its value as text, and its change line (nil: not comparing).
    struct Tile {
        var label: String
        var value: String
        var change: String?
        var missing = false

        init(label: String, value: String, change: String?) {
            self.label = label
            self.value = value
            self.change = change
        }

        /// The tile of a fleet figure; "missing" when nothing measured it.
        init(_ f: ReviewFigure, comparedWith compare: ReviewPeriod?) {
            let unit = f.metric.definition.unit
            // GPU-hours and rates name their unit unless the title does; shares, counts, durations and money say what they are.
            let title = f.metric.definition.title
            let named = [KPIUnit.gpuHours, .hours, .gpusPerDay].contains(unit) && !title.contains("(") && !title.contains("GPU-hours")
            label = title + (named ? " (\(unit.rawValue))" : "")
            value = ReviewText.value(f)
            missing = f.value == nil
            change = compare.map { c in
                let delta = ReviewText.delta(f)
                return delta.isEmpty ? "vs \(c.label): nothing to compare" : "\(ReviewText.arrow(f)) \(delta) vs \(c.label)"
            }
        }
    }

    /// Tiles side by side: label, the value three rows tall (plain when it does not fit), the change.
    static func tiles(_ tiles: [Tile], into buffer: inout CellBuffer, in rect: Rect, theme: Theme, role: Role) {
        guard !tiles.isEmpty, rect.height >= 2 else { return }
        let gap = 3
        let width = (rect.width - gap * (tiles.count - 1)) / tiles.count
        guard width > 4 else { return }
        for (i, tile) in tiles.enumerated() {
            let x = rect.x + i * (width + gap)
            _ = buffer.put(tile.label.uppercased(), x: x, y: rect.y, style: theme.style(.header), maxWidth: width)
            let style = tile.missing ? theme.style(.muted) : theme.style(role).adding(.bold)
            if rect.height >= 2 + BigText.height {
                BigText.draw(tile.value, x: x, y: rect.y + 1, maxWidth: width, style: style, into: &buffer)
            } else {
                _ = buffer.put(tile.value, x: x, y: rect.y + 1, style: style, maxWidth: width)
            }
            if let change = tile.change, rect.height >= 5 {
                _ = buffer.put(change, x: x, y: rect.y + 4, style: theme.style(.accent), maxWidth: width)
            }
        }
    }

    /// The sreport split of the fleet's GPU-hours as one bar and its legend; returns the rect below.
    static func split(_ fleet: ReviewRow, into buffer: inout CellBuffer, in rect: Rect, theme: Theme) -> Rect {
        guard rect.height >= 3 else { return rect }
        let parts: [(KPIMetric, Unicode.Scalar, Role, String)] = [
            (.allocatedGPUHours, "█", .ok, "allocated"), (.idleGPUHours, "░", .muted, "idle"), (.plannedDownGPUHours, "▒", .warn, "drained"),
            (.downGPUHours, "▓", .critical, "down"), (.reservedGPUHours, "▚", .accent, "reserved"),
        ]
        let hours = parts.map { fleet[$0.0]?.value }
        let total = hours.compactMap { $0 }.reduce(0, +)
        var x = rect.x
        if total > 0 {
            for (i, part) in parts.enumerated() {
                guard let h = hours[i], h > 0 else { continue }
                let end = i == parts.count - 1 ? rect.maxX : min(rect.maxX, rect.x + Int((Double(rect.width) * (hours[..<(i + 1)].compactMap { $0 }.reduce(0, +) / total)).rounded()))
                for cx in x..<max(x, end) { _ = buffer.put(part.1, x: cx, y: rect.y, style: theme.style(part.2)) }
                x = max(x, end)
            }
        }
        var lx = rect.x
        for (i, part) in parts.enumerated() {
            let text = " \(part.3) " + ReviewText.value(hours[i], .gpuHours) + "   "
            lx += buffer.put(String(Character(part.1)), x: lx, y: rect.y + 1, style: theme.style(part.2), maxWidth: max(0, rect.maxX - lx))
            lx += buffer.put(text, x: lx, y: rect.y + 1, style: theme.style(hours[i] == nil ? .muted : .text), maxWidth: max(0, rect.maxX - lx))
        }
        _ = buffer.put("GPU-h (sreport split)", x: lx, y: rect.y + 1, style: theme.style(.muted), maxWidth: max(0, rect.maxX - lx))
        return rect.splitTop(3).rest
    }

    /// The forecast's conclusion and the date of the first shortfall, large; returns the rect below.
    static func forecast(_ pack: ReviewPack, into buffer: inout CellBuffer, in rect: Rect, theme: Theme) -> Rect {
        guard rect.height >= 2 else { return rect }
        let role: Role = switch pack.forecast {
        case .noData: .muted
        case .noShortfall: .ok
        case .shortfall: .critical
        }
        _ = buffer.put(ReviewText.forecast(pack.forecast), x: rect.x, y: rect.y, style: theme.style(role).adding(.bold), maxWidth: rect.width)
        guard case .shortfall(let days) = pack.forecast, rect.height >= 6 else { return rect.splitTop(2).rest }
        // "days after the period's last day": the last day plus that many days.
        let date = ReviewText.day(pack.period.end - 86_400 + days * 86_400)
        _ = buffer.put("FIRST SHORTFALL", x: rect.x, y: rect.y + 2, style: theme.style(.header), maxWidth: rect.width)
        BigText.draw(date, x: rect.x + 17, y: rect.y + 1, maxWidth: max(0, rect.width - 17), style: theme.style(.critical).adding(.bold), into: &buffer)
        return rect.splitTop(5).rest
    }

    /// The fleet's effective utilisation per day as bars in eighth blocks (several days a column when the period
    /// has more days than fit), 0–100 % high; a day without a figure is a dot.
    static func trend(_ pack: ReviewPack, into buffer: inout CellBuffer, in rect: Rect, theme: Theme) {
        guard rect.height >= 3, rect.width > 12, !pack.trend.isEmpty else { return }
        _ = buffer.put("EFFECTIVE UTILISATION PER DAY (0–100 %)", x: rect.x, y: rect.y, style: theme.style(.header), maxWidth: rect.width)
        let axis = 6, barsHeight = rect.height - 2
        let columns = min(pack.trend.count, rect.width - axis)
        let perColumn = (pack.trend.count + columns - 1) / columns
        // A month on a wide screen: each day up to 3 columns wide.
        let barWidth = max(1, min(3, (rect.width - axis) / pack.trend.count))
        let levels: [Unicode.Scalar] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        _ = buffer.put("100 %", x: rect.x, y: rect.y + 1, style: theme.style(.muted), maxWidth: axis)
        _ = buffer.put("  0 %", x: rect.x, y: rect.y + barsHeight, style: theme.style(.muted), maxWidth: axis)
        var column = 0
        for start in stride(from: 0, to: pack.trend.count, by: perColumn) {
            let days = pack.trend[start..<min(pack.trend.count, start + perColumn)]
            let values = days.compactMap { $0[.effectiveUtilization]?.value }
            let x = rect.x + axis + column * barWidth
            column += 1
            guard !values.isEmpty else {
                _ = buffer.put("·", x: x, y: rect.y + barsHeight, style: theme.style(.muted), maxWidth: 1)
                continue
            }
            let eighths = Int((min(1, max(0, values.reduce(0, +) / Double(values.count))) * Double(barsHeight * 8)).rounded())
            for row in 0..<barsHeight {
                let fill = min(8, max(0, eighths - row * 8))
                guard fill > 0 else { break }
                for dx in 0..<barWidth { _ = buffer.put(levels[fill], x: x + dx, y: rect.y + barsHeight - row, style: theme.style(.sparkline)) }
            }
        }
        let first = ReviewText.day(pack.trend[0].start), last = ReviewText.day(pack.trend[pack.trend.count - 1].start)
        let axisY = rect.y + barsHeight + 1
        _ = buffer.put(first, x: rect.x + axis, y: axisY, style: theme.style(.muted), maxWidth: rect.width - axis)
        let lastX = max(rect.x + axis + displayWidth(first) + 1, rect.x + axis + column * barWidth - displayWidth(last))
        _ = buffer.put(last, x: lastX, y: axisY, style: theme.style(.muted), maxWidth: max(0, rect.maxX - lastX))
        if perColumn > 1 {
            let note = " \(perColumn) days a column"
            _ = buffer.put(note, x: rect.maxX - displayWidth(note), y: rect.y, style: theme.style(.muted), maxWidth: displayWidth(note))
        }
    }
}

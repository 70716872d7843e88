import FleetCore
import FleetTUI

/// `:review`'s definitions overlay: every number on a slide with its formula and source signal, from the one
/// `KPIDefinition` catalogue, worded as the reports' footnotes (`ReviewText.definition`).
enum ReviewDefinitions {
    /// The metrics a slide shows, tiles first, then its table's columns (the exceptions slide: its exceptions'); the
    /// capacity slide's split and chart draw metrics its table has.
    static func metrics(_ slide: ReviewSectionKind, pack: ReviewPack?) -> [KPIMetric] {
        var all = ReviewSlides.tiles[slide] ?? []
        if slide == .exceptions {
            all += pack?.exceptions.map(\.metric) ?? []
        } else {
            all += ReviewSlides.tableMetrics[slide] ?? pack?.section(slide)?.metrics ?? []
        }
        var seen = Set<KPIMetric>()
        return all.filter { seen.insert($0).inserted }
    }

    /// The overlay's lines on a screen of `size`: per metric its title, column name and id, then the definition
    /// wrapped to the dialog's width.
    static func lines(_ slide: ReviewSectionKind, pack: ReviewPack?, on size: ScreenSize) -> [String] {
        let width = max(20, Screen.body(width: size.width, height: size.height).width - 6)
        let shown = metrics(slide, pack: pack)
        guard !shown.isEmpty else { return ["no numbers on this slide yet: its pack is still loading"] }
        var out: [String] = []
        for m in shown {
            let d = m.definition
            let column = ReviewSlides.shortTitles[m].map { " — \($0)" } ?? ""
            out.append("\(d.title)\(column) (\(m.rawValue), \(d.unit.rawValue))")
            out += wrap(ReviewText.definition(m), width: width - 2).map { "  " + $0 }
        }
        return out
    }

    /// `text` broken at spaces into lines of at most `width` columns (a longer word is cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if displayWidth(candidate) <= width || line.isEmpty {
                line = truncate(candidate, toWidth: width)
            } else {
                lines.append(line)
                line = truncate(String(word), toWidth: width)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

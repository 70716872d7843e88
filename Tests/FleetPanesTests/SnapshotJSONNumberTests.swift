import FleetCore
import FleetFeeds
import FleetTUI
import Foundation
import Testing
@testable import FleetPanes

/// JSON numbers are printed at the precision they were measured or priced with, never a Float widened to Double
/// (690.0599975585938) or a sum's binary residue (29.60000000000001).
@Suite struct SnapshotJSONNumberTests {
    /// The golden fleet with one GPU reporting H100-like values a Float cannot hold exactly, half a second past the
    /// fleet clock so that waits and deadlines are not whole seconds.
    static func context() throws -> FrameContext {
        var s = GoldenFrameTests.state
        s.apply(.telemetry(TelemetryBatch(at: s.now, gpus: [0], utilPercent: [37.3], memoryUsedMiB: [40536],
                                          powerWatts: [690.06], temperatureC: [61], smClockMHz: [1980])))
        let base = try GoldenFrameTests.context(theme: "default")
        return FrameContext(state: s, kpis: FleetKPIs.derive(from: s, wallNow: s.now + 0.5), theme: base.theme,
                            wallNow: s.now + 0.5, role: "writer", readOnly: false,
                            simulationSpeed: 30, notice: nil)
    }

    /// `"key":number` pairs of a JSON text (whitespace around the colon removed), numbers as printed.
    static func numbers(_ json: String) -> [(key: String, text: String)] {
        let compact = json.replacingOccurrences(of: " : ", with: ":")
        let pattern = try? NSRegularExpression(pattern: "\"([a-z0-9_]+)\":(-?[0-9][0-9.eE+-]*)")
        let range = NSRange(compact.startIndex..., in: compact)
        return (pattern?.matches(in: compact, range: range) ?? []).compactMap { m in
            guard let key = Range(m.range(at: 1), in: compact), let number = Range(m.range(at: 2), in: compact) else { return nil }
            return (String(compact[key]), String(compact[number]))
        } + arrayNumbers(compact)
    }

    /// Numbers inside arrays (`[1,2.5]`), keyed by the array's name.
    private static func arrayNumbers(_ json: String) -> [(key: String, text: String)] {
        let pattern = try? NSRegularExpression(pattern: "\"([a-z0-9_]+)\":\\[([-0-9.eE+,\\s]+)\\]")
        let range = NSRange(json.startIndex..., in: json)
        return (pattern?.matches(in: json, range: range) ?? []).flatMap { m -> [(key: String, text: String)] in
            guard let key = Range(m.range(at: 1), in: json), let list = Range(m.range(at: 2), in: json) else { return [] }
            return json[list].split(separator: ",").map { (String(json[key]), $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    /// Digits after the decimal point (an exponent counts as too many).
    static func decimals(_ text: String) -> Int {
        if text.contains("e") || text.contains("E") { return 99 }
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: dot, to: text.endIndex) - 1
    }

    /// Most decimals a key may print: seconds none, watts/percent/money two, ratios and model parameters four; a
    /// small rate (below 1) four significant digits.
    static func allowed(_ key: String, _ text: String) -> Bool {
        let places = decimals(text)
        if key.hasSuffix("_seconds") || key.hasSuffix("_at") || key == "deadline" || key == "window_start"
            || key == "window_end" || key == "at" || key == "since" { return places == 0 }
        if key.hasSuffix("_watts") || key.hasSuffix("_percent") || key.hasSuffix("_mib") || key.hasSuffix("_c")
            || key.hasSuffix("_mhz") { return places <= 2 }
        if places <= 4 { return true }
        guard let value = Double(text), abs(value) < 1 else { return false }
        let significant = text.drop { $0 == "-" || $0 == "0" || $0 == "." }.filter(\.isNumber)
        return significant.count <= 4
    }

    @Test("gpus: a Float-held reading prints as measured: \"power_watts\":690.06, utilisation 37.3, 40536 MiB")
    func gpuValues() throws {
        let json = PaneSnapshot.json(pane: .gpus, ui: UIState(), ctx: try Self.context())
            .replacingOccurrences(of: " : ", with: ":")
        #expect(json.contains("\"power_watts\":690.06,"))
        #expect(json.contains("\"utilisation_percent\":37.3,"))
        #expect(json.contains("\"memory_used_mib\":40536,"))
        #expect(json.contains("\"temperature_c\":61,"))
        #expect(json.contains("\"sm_clock_mhz\":1980,") || json.contains("\"sm_clock_mhz\":1980\n"))
        #expect(!json.contains("690.059"))
    }

    @Test("no number in any pane's snapshot JSON has more decimals than its kind allows", arguments: Pane.allCases)
    func paneNumbers(_ pane: Pane) throws {
        let json = PaneSnapshot.json(pane: pane, ui: UIState(), ctx: try Self.context())
        let pairs = Self.numbers(json)
        let bad = pairs.filter { !Self.allowed($0.key, $0.text) }
        #expect(bad.isEmpty, "\(pane): \(bad.prefix(8).map { "\($0.key)=\($0.text)" })")
    }

    @Test("request list --json: money to cents, times and seconds left in whole seconds")
    func requestNumbers() throws {
        let ctx = try Self.context()
        let rows = ApprovalQueue.rows(ctx.state, now: ctx.wallNow, includeClosed: true)
        #expect(!rows.isEmpty)
        let objects = rows.map { RequestJSON.object($0, ctx.state, now: ctx.wallNow, detailed: true) }
        let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
        let pairs = Self.numbers(String(decoding: data, as: UTF8.self))
        #expect(pairs.contains { $0.key == "seconds_left" })
        let bad = pairs.filter { !Self.allowed($0.key, $0.text) || ($0.key == "cost" && Self.decimals($0.text) > 2) }
        #expect(bad.isEmpty, "\(bad.prefix(8).map { "\($0.key)=\($0.text)" })")
    }
}

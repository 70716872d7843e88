import FleetCore
import FleetFeeds
import FleetTUI
import Foundation
import Testing
@testable import FleetPanes

/// Golden frames: panes rendered into the in-memory backend at fixed sizes for every theme, compared with recorded
/// text-plus-style files. `FLEETDECK_RECORD_GOLDEN=1 swift test` re-records; a recorded baseline fails the run so it gets reviewed.
@Suite struct GoldenFrameTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let themes = ["default", "light", "high-contrast", "colorblind"]
    static let sizes = [(80, 24), (160, 50)]

    /// A reproducible fleet: seed 42 at fleet minute 600 (Monday 10:00), wall clock pinned to the fleet clock.
    static let state: FleetState = {
        let simulator = FleetSimulator(config: SimulatorConfig(seed: 42))
        var s = FleetState()
        s.apply(simulator.genesis())
        simulator.run(&s, until: simulator.config.epoch + 600 * 60)
        s.apply(.feedStatus(FeedStatus(name: "simulator", kind: "simulator", at: s.now, intervalSeconds: 1, ok: true)))
        governance(&s)
        return s
    }()

    /// Requests in every state, and an acked alert, for the approvals and alerts panes.
    static func governance(_ s: inout FleetState) {
        let t = s.now
        let drafts: [(RequestDraft, String, Double)] = [
            (RequestDraft(kind: .quota, team: "nlp", gpus: 32, hours: 12, justification: "launch fine-tune", ticket: "INC-7", urgency: .high), "nlp-lead", 600),
            (RequestDraft(kind: .budget, team: "fraud", dollars: 5000, justification: "regulatory retrain overrun", urgency: .critical), "fraud-lead", 1200),
            (RequestDraft(kind: .priority, team: "vision", gpus: 8, hours: 4, justification: "customer demo"), "vision-lead", 3000),
        ]
        for (draft, who, ago) in drafts {
            if case .success(let o) = Governance.file(draft, by: who, in: s, now: t - ago) { s.apply(.governance(o.event)) }
        }
        if case .success(let o) = Governance.act(.approve, on: "R-3", by: "alice", reason: "demo is real", in: s, now: t - 2000) {
            s.apply(.governance(o.event))
        }
        let alerts = AlertBook().rows(derived: FleetKPIs.derive(from: s, wallNow: t).alerts, now: t)
        if let first = alerts.first, case .success(let o) = Governance.ack(first.fingerprint, comment: "on it", by: "bob", rows: alerts, in: s, now: t) {
            s.apply(.governance(o.event))
        }
    }

    /// The fleet's simulated KPI history: the 90 days before its start, as a new demo store has.
    static let history: [KPIRollup] = {
        let simulator = FleetSimulator(config: SimulatorConfig(seed: 42))
        return SimulatedHistory(seed: 42).hours(of: state, days: 90, endingAt: simulator.config.epoch)
    }()

    /// The review a UI state asks for, derived from `history` as the runtime loads it.
    static func review(_ ui: UIState) -> ReviewLoad {
        let request = ReviewRequest(ui.review, fleetNow: state.now)
        let rollups = history.filter { $0.start < request.asOf }
        return .ready(request, ReviewPack.derive(period: request.period, rollups: rollups,
                                                 compare: request.compare.map { (period: $0, rollups: rollups) }, targets: ReviewTargets(state: state)))
    }

    static func context(theme name: String) throws -> FrameContext {
        let (theme, error) = Theme.load(nameOrPath: name, searchDirectories: [packageRoot.appendingPathComponent("themes")])
        if let error { throw error }
        var ctx = FrameContext(state: state, kpis: FleetKPIs.derive(from: state, wallNow: state.now), theme: theme,
                               wallNow: state.now, role: "writer", readOnly: false,
                               simulationSpeed: 30, notice: nil)
        ctx.review = defaultReview
        return ctx
    }

    /// The review `:review` opens on (last month, no comparison).
    static let defaultReview = review(UIState(pane: .review))

    static var cases: [(String, Pane, Int, Int)] {
        themes.flatMap { t in Pane.allCases.flatMap { p in sizes.map { (t, p, $0.0, $0.1) } } }
    }

    @Test(arguments: cases)
    func paneMatchesGolden(theme: String, pane: Pane, width: Int, height: Int) throws {
        let ctx = try Self.context(theme: theme)
        let backend = MemoryBackend(width: width, height: height)
        backend.present(Screen.compose(ui: UIState(pane: pane), ctx: ctx, width: width, height: height))
        let frame = try #require(backend.lastFrame)
        try Golden.check(frame.goldenText(), name: "\(pane.rawValue)-\(theme)-\(width)x\(height)", in: Self.goldenDir)
    }

    /// Every slide of `:review` on a projector (100×30) and a large terminal, compared with the month before, in the
    /// default and the high-contrast theme.
    static var slideCases: [(String, ReviewSectionKind, Int, Int)] {
        ["default", "high-contrast"].flatMap { t in ReviewSectionKind.allCases.flatMap { k in [(100, 30), (160, 50)].map { (t, k, $0.0, $0.1) } } }
    }

    @Test(arguments: slideCases)
    func reviewSlideMatchesGolden(theme: String, slide: ReviewSectionKind, width: Int, height: Int) throws {
        var ctx = try Self.context(theme: theme)
        var ui = UIState(pane: .review)
        ui.review.slide = slide
        ui.review.compare = .previous
        ctx.review = Self.review(ui)
        let backend = MemoryBackend(width: width, height: height)
        backend.present(Screen.compose(ui: ui, ctx: ctx, width: width, height: height))
        try Golden.check(try #require(backend.lastFrame).goldenText(), name: "review-\(slide.rawValue)-\(theme)-\(width)x\(height)", in: Self.goldenDir)
    }

    /// The overview between the two layouts: 100 columns stack the sections that a 160-column screen puts side by side.
    @Test(arguments: [(100, 30), (100, 50)])
    func stackedOverviewMatchesGolden(width: Int, height: Int) throws {
        let ctx = try Self.context(theme: "default")
        let backend = MemoryBackend(width: width, height: height)
        backend.present(Screen.compose(ui: UIState(), ctx: ctx, width: width, height: height))
        try Golden.check(try #require(backend.lastFrame).goldenText(), name: "overview-default-\(width)x\(height)", in: Self.goldenDir)
    }

    /// The help at 80×24, on its first page and scrolled to its last.
    @Test(arguments: [false, true])
    func helpAt80x24MatchesGolden(scrolledToEnd: Bool) throws {
        let ctx = try Self.context(theme: "default")
        var ui = UIState()
        UIController.handle(.resize(width: 80, height: 24), ui: &ui, ctx: ctx)
        UIController.handle(.key(.char("?")), ui: &ui, ctx: ctx)
        if scrolledToEnd { for _ in 0..<5 { UIController.handle(.key(.pageDown), ui: &ui, ctx: ctx) } }
        let backend = MemoryBackend(width: 80, height: 24)
        backend.present(Screen.compose(ui: ui, ctx: ctx, width: 80, height: 24))
        try Golden.check(try #require(backend.lastFrame).goldenText(), name: "help-default-80x24" + (scrolledToEnd ? "-end" : ""),
                         in: Self.goldenDir)
    }
}

/// Compares text with a recorded golden file, or records it.
enum Golden {
    static func check(_ text: String, name: String, in dir: URL) throws {
        let file = dir.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["FLEETDECK_RECORD_GOLDEN"] == "1"
        guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded golden \(file.path): review it, then run the tests again without FLEETDECK_RECORD_GOLDEN")
            return
        }
        if expected != text {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("""
                frame differs from \(file.path) at line \(line + 1):
                expected: \(line < a.count ? String(a[line]) : "<end>")
                actual:   \(line < b.count ? String(b[line]) : "<end>")
                (FLEETDECK_RECORD_GOLDEN=1 swift test re-records)
                """)
        }
    }
}

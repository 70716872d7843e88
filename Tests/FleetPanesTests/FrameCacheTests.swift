import FleetCore
import FleetTUI
import Testing
@testable import FleetPanes

/// A frame composed with a row cache is the frame composed without one, whatever changed since the rows were kept.
@Suite struct FrameCacheTests {
    func context(cache: FrameCache?) throws -> FrameContext {
        var ctx = try GoldenFrameTests.context(theme: "default")
        ctx.cache = cache
        return ctx
    }

    func frame(_ ui: UIState, _ ctx: FrameContext) -> CellBuffer { Screen.compose(ui: ui, ctx: ctx, width: 160, height: 50) }

    @Test(arguments: Pane.allCases)
    func cachedFramesMatchDerivedOnes(pane: Pane) throws {
        let cache = FrameCache()
        let plain = try context(cache: nil), cached = try context(cache: cache)
        var ui = UIState(pane: pane)
        UIController.handle(.resize(width: 160, height: 50), ui: &ui, ctx: plain)
        // Twice: the second frame is drawn from what the first one kept.
        #expect(frame(ui, cached) == frame(ui, plain))
        #expect(frame(ui, cached) == frame(ui, plain))
        // A key, then a frame; then a sort and a filter, each a different set of rows.
        UIController.handle(.key(.pageDown), ui: &ui, ctx: cached)
        #expect(frame(ui, cached) == frame(ui, plain))
        ui.sort[pane] = ListSort(column: 1, descending: true)
        #expect(frame(ui, cached) == frame(ui, plain))
        ui.filters[pane] = "a"
        #expect(frame(ui, cached) == frame(ui, plain))
    }

    @Test func listPanesKeepTheirRows() throws {
        let cache = FrameCache()
        let ctx = try context(cache: cache)
        for pane in [Pane.jobs, .cost, .queues, .approvals, .idle, .forecast, .teams] {
            _ = frame(UIState(pane: pane), ctx)
        }
        let kept = cache.count
        #expect(kept >= 7)
        // Composing again derives nothing new.
        for pane in [Pane.jobs, .cost, .queues, .approvals, .idle, .forecast, .teams] {
            _ = frame(UIState(pane: pane), ctx)
        }
        #expect(cache.count == kept)
    }

    @Test func aNewStateVersionDropsKeptRows() throws {
        let cache = FrameCache()
        var ctx = try context(cache: cache)
        let ui = UIState(pane: .jobs)
        let before = JobsPane.rows(ui: ui, ctx: ctx).count
        let s = ctx.state
        ctx.state.apply(.jobSubmitted(JobSubmission(id: "cache-test", name: "cache-test", team: s.org.teams[0].name, project: "p",
                                                    priorityClass: s.priorityClasses[0].name, gpus: 1, gpuModel: nil,
                                                    submittedAt: s.now)))
        #expect(JobsPane.rows(ui: ui, ctx: ctx).count == before + 1)
        #expect(JobsPane.ids(ui: ui, ctx: ctx).contains("cache-test"))
        var plain = ctx
        plain.cache = nil
        #expect(frame(ui, ctx) == frame(ui, plain))
    }

    @Test func teamsFollowTheirStandings() throws {
        let cache = FrameCache()
        var ctx = try context(cache: cache)
        let ui = UIState(pane: .teams)
        _ = frame(ui, ctx)
        ctx.kpis.teamStandings = []
        var plain = ctx
        plain.cache = nil
        #expect(frame(ui, ctx) == frame(ui, plain))
    }

    @Test func wallClockPanesFollowTheClock() throws {
        let cache = FrameCache()
        var ctx = try context(cache: cache)
        let ui = UIState(pane: .approvals)
        _ = frame(ui, ctx)
        ctx.wallNow += 3600
        var plain = ctx
        plain.cache = nil
        #expect(frame(ui, ctx) == frame(ui, plain))
    }
}

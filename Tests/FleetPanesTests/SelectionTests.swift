import FleetCore
import FleetTUI
import Testing
@testable import FleetPanes

/// UI state in the store-test shape: one key in, the exact change of state out.
@Suite struct SelectionTests {
    func ctx() throws -> FrameContext { try GoldenFrameTests.context(theme: "default") }

    func press(_ keys: [Key], _ ui: inout UIState, _ ctx: FrameContext) {
        for k in keys { UIController.handle(.key(k), ui: &ui, ctx: ctx) }
    }

    func ids(_ ui: UIState, _ ctx: FrameContext) -> [String] { ui.pane.definition.rows(ui: ui, ctx: ctx).map(\.id) }

    /// The id the frame highlights.
    func highlighted(_ ui: UIState, _ ctx: FrameContext) -> String? { UIController.selectedID(ui: ui, ctx: ctx) }

    @Test func resolveFollowsTheIdAndFallsBackToTheNearestRow() {
        let selection = RowSelection(id: "b", index: 1)
        #expect(RowSelection.resolve(selection, in: ["a", "b", "c"]) == 1)
        #expect(RowSelection.resolve(selection, in: ["c", "a", "b"]) == 2)  // rows swapped: the same id
        #expect(RowSelection.resolve(selection, in: ["a", "c", "d"]) == 1)  // it left: the row now where it was
        #expect(RowSelection.resolve(RowSelection(id: "z", index: 9), in: ["a", "c"]) == 1)  // past the end: the last
        #expect(RowSelection.resolve(nil, in: ["a"]) == 0 && RowSelection.resolve(selection, in: []) == 0)
    }

    @Test(arguments: [(80, 24), (160, 50)])
    func pageDownMovesByTheVisibleHeight(width: Int, height: Int) throws {
        let c = try ctx()
        var ui = UIState(pane: .jobs)
        UIController.handle(.resize(width: width, height: height), ui: &ui, ctx: c)
        #expect(ui.screen == ScreenSize(width: width, height: height))
        let page = height - 4 - 2  // header and footer, then the list's heading and table header
        let all = ids(ui, c)
        #expect(all.count > 2 * page)

        var expected = ui
        press([.pageDown], &ui, c)
        expected.selection[.jobs] = RowSelection(id: all[page], index: page)
        expected.scroll[.jobs] = page
        #expect(ui == expected)

        press([.pageUp], &ui, c)
        expected.selection[.jobs] = RowSelection(id: all[0], index: 0)
        expected.scroll[.jobs] = 0
        #expect(ui == expected)

        // The frame shows the page the state says: the first visible row is the selected one.
        press([.pageDown], &ui, c)
        let frame = Screen.compose(ui: ui, ctx: c, width: width, height: height).lines()
        #expect(frame[3 + 2].contains(all[page]) && !frame.joined().contains(" \(all[page - 1]) "))
    }

    @Test func gAndShiftGGoToTheEnds() throws {
        let c = try ctx()
        var ui = UIState(pane: .jobs)
        UIController.handle(.resize(width: 160, height: 50), ui: &ui, ctx: c)
        let all = ids(ui, c)
        var expected = ui
        press([.char("G")], &ui, c)
        expected.selection[.jobs] = RowSelection(id: all[all.count - 1], index: all.count - 1)
        expected.scroll[.jobs] = all.count - 44
        #expect(ui == expected)
        press([.char("g")], &ui, c)
        expected.selection[.jobs] = RowSelection(id: all[0], index: 0)
        expected.scroll[.jobs] = 0
        #expect(ui == expected)
    }

    @Test func selectionSurvivesAReSortAndEnterOpensTheHighlightedRow() throws {
        let c = try ctx()
        var ui = UIState(pane: .jobs)
        press([.down, .down, .down], &ui, c)
        let chosen = try #require(highlighted(ui, c))
        press([.char("."), .char("r")], &ui, c)  // sort by JOB, descending: the rows move
        #expect(ids(ui, c).firstIndex(of: chosen) != 3)
        #expect(highlighted(ui, c) == chosen)
        press([.enter], &ui, c)
        #expect(ui.overlay == .job(chosen))
    }

    @Test func selectionSurvivesAFilterAndFallsToTheNearestRowWhenItsRowLeaves() throws {
        let c = try ctx()
        var ui = UIState(pane: .jobs)
        press([.down, .down], &ui, c)
        let chosen = try #require(highlighted(ui, c))
        let team = try #require(JobsPane.rows(ui: ui, ctx: c).first { $0.id == chosen }?.cells[2].text)
        press([.char("/")] + team.map { .char($0) } + [.enter], &ui, c)
        #expect(highlighted(ui, c) == chosen)
        // A filter that hides it: the row now nearest to where it was takes the highlight.
        ui.filters[.jobs] = "!" + chosen
        let remaining = ids(ui, c)
        #expect(highlighted(ui, c) == remaining[min(ui.selection[.jobs]?.index ?? 0, remaining.count - 1)])
    }

    @Test func selectionSurvivesAResize() throws {
        let c = try ctx()
        var ui = UIState(pane: .gpus)
        UIController.handle(.resize(width: 160, height: 50), ui: &ui, ctx: c)
        press([.pageDown, .pageDown], &ui, c)
        let chosen = try #require(highlighted(ui, c))
        UIController.handle(.resize(width: 80, height: 24), ui: &ui, ctx: c)
        #expect(highlighted(ui, c) == chosen)
        // The next page moves by the small page.
        let before = ui.selection[.gpus]?.index ?? 0
        press([.pageDown], &ui, c)
        #expect(ui.selection[.gpus]?.index == before + Pane.gpus.visibleRows(on: ScreenSize(width: 80, height: 24), ctx: c))
    }

    @Test func pageKeysDoNothingOutsideLists() throws {
        let c = try ctx()
        var ui = UIState()
        let before = ui
        press([.pageDown, .char("G"), .char("/")], &ui, c)
        #expect(ui == before)
    }
}

@Suite struct LazyRowsTests {
    @Test func gpuRowsBuiltOnDemandMatchTheFullList() throws {
        let c = try GoldenFrameTests.context(theme: "default")
        let full = GPUsPane.rows(ui: UIState(pane: .gpus), ctx: c)
        let lazy = try #require(GPUsPane.lazyRows(ui: UIState(pane: .gpus), ctx: c))
        #expect(lazy.ids == full.map(\.id))
        for i in [0, 1, full.count / 2, full.count - 1] { #expect(lazy.cells(i).map(\.text) == full[i].cells.map(\.text)) }
        var sorted = UIState(pane: .gpus)
        sorted.sort[.gpus] = ListSort(column: 3, descending: true)
        #expect(GPUsPane.lazyRows(ui: sorted, ctx: c) == nil)
        #expect(GPUsPane.ids(ui: sorted, ctx: c) == GPUsPane.rows(ui: sorted, ctx: c).map(\.id))
    }
}

@Suite struct LazyJobRowsTests {
    @Test func jobRowsBuiltOnDemandMatchTheFullList() throws {
        let c = try GoldenFrameTests.context(theme: "default")
        let full = JobsPane.rows(ui: UIState(pane: .jobs), ctx: c)
        let lazy = try #require(JobsPane.lazyRows(ui: UIState(pane: .jobs), ctx: c))
        #expect(lazy.ids == full.map(\.id))
        for i in [0, full.count / 2, full.count - 1] { #expect(lazy.cells(i).map(\.text) == full[i].cells.map(\.text)) }
        var filtered = UIState(pane: .jobs)
        filtered.filters[.jobs] = "running"
        #expect(JobsPane.lazyRows(ui: filtered, ctx: c) == nil)
        #expect(JobsPane.ids(ui: filtered, ctx: c) == JobsPane.rows(ui: filtered, ctx: c).map(\.id))
    }
}

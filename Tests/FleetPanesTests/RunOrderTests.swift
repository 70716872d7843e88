import FleetCore
import FleetFeeds
import Testing
@testable import FleetPanes

/// The jobs list re-sorted from an earlier order is the list sorted from scratch, whatever the earlier order was.
@Suite struct RunOrderTests {
    @Test func reSortingFromTheLastTickEqualsSortingAfresh() {
        var state = GoldenFrameTests.state
        let simulator = FleetSimulator(config: SimulatorConfig(seed: 42))
        let ui = UIState(pane: .jobs)
        var previous = JobsPane.runOrder(ui: ui, s: state)
        var moved = 0
        for _ in 0..<30 {
            _ = simulator.step(&state)
            let fresh = JobsPane.runOrder(ui: ui, s: state)
            let resorted = JobsPane.runOrder(ui: ui, s: state, previous: previous)
            #expect(resorted.ids == fresh.ids)
            if fresh.ids != previous.ids { moved += 1 }
            previous = resorted
        }
        // The ticks changed the list: the merge, not only the kept order, was exercised.
        #expect(moved > 0)
    }

    @Test func anyEarlierOrderGivesTheSameList() {
        let state = GoldenFrameTests.state
        let ui = UIState(pane: .jobs)
        let fresh = JobsPane.runOrder(ui: ui, s: state)
        #expect(fresh.live.count > 2)
        var shuffled = fresh.live
        shuffled.shuffle()
        // Each entry still names its job (its id index is unchanged); only their order is wrong, or some are missing.
        for live in [Array(fresh.live.reversed()), shuffled, Array(fresh.live.dropFirst(2)), fresh.live] {
            var hint = fresh
            hint.live = live
            #expect(JobsPane.runOrder(ui: ui, s: state, previous: hint).ids == fresh.ids)
        }
    }
}

import FleetCore
import FleetPanes
import FleetTUI
import Testing

/// A shared store whose view may be behind: the header says so first on its feed line, for how long and why, while the
/// panes keep drawing the last state.
@Suite struct StoreStaleHeaderTests {
    private func frame(_ stale: StoreStaleness?, width: Int = 160) throws -> CellBuffer {
        var ctx = try GoldenFrameTests.context(theme: "default")
        ctx.storeStale = stale
        return Screen.compose(ui: UIState(), ctx: ctx, width: width, height: 30)
    }

    @Test func aStaleStoreIsNamedWithItsAgeAndReasonOverTheLastState() throws {
        let now = GoldenFrameTests.state.now
        let live = try frame(nil), stale = try frame(StoreStaleness(since: now - 12, reason: "store connection lost"))
        let line = stale.lines()[1]
        #expect(line.hasPrefix(" STORE STALE 12s: store connection lost · feeds ● simulator"))
        #expect(!live.lines()[1].contains("STALE"))
        // The marker is drawn as critical, and the panes below keep the last state.
        let theme = try GoldenFrameTests.context(theme: "default").theme
        #expect(stale[x: 1, y: 1].style == theme.style(.critical).adding(.bold))
        #expect(stale.lines()[3...] == live.lines()[3...])
    }

    @Test func noWidthHidesIt() throws {
        let line = try frame(StoreStaleness(since: GoldenFrameTests.state.now - 3, reason: "no writer\u{1B}[2J heartbeat"), width: 80).lines()[1]
        #expect(line.hasPrefix(" STORE STALE 3.0s: no writer heartbeat · feeds"))
        #expect(!line.contains("policy:"))
    }
}

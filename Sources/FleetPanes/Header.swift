import FleetCore
import FleetTUI

/// Title bar, feed freshness line and pane tabs.
enum Header {
    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let theme = ctx.theme
        let s = ctx.state
        let header = theme.style(.header)
        buffer.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: header)
        let name = s.fleet.name.isEmpty ? "no fleet" : sanitizeForTerminal(s.fleet.name)
        // Before a fleet exists, "0 clusters · 0 GPUs" would read as a fact about the fleet.
        let title = s.gpus.count == 0 ? " fleetdeck · \(name)" : " fleetdeck · \(name) · \(s.fleet.clusters.count) clusters · \(s.gpus.count) GPUs"
            + (s.org.name.isEmpty ? "" : " · \(sanitizeForTerminal(s.org.name))")
        _ = buffer.put(title, x: rect.x, y: rect.y, style: header.adding(.bold), maxWidth: rect.width)
        let wall = Format.clock(ctx.wallNow)
        // Fullest first; a narrow terminal loses the wall clock, then the pace, before the fleet's own time.
        var clocks = [wall]
        if let asOf = s.savedDocumentTime {
            // Saved files are measured at their own time, not the wall clock's.
            let saved = "as of \(Format.fleetClock(asOf)) (saved file)"
            clocks = [saved + "  │  " + wall, saved]
        } else if s.now > 0 {
            let fleet = "fleet \(Format.fleetClock(s.now))", paced = fleet + (pace(ctx).map { " (\($0))" } ?? "")
            clocks = [paced + "  │  " + wall, paced, fleet]
        }
        if let clock = clocks.map({ $0 + " " }).first(where: { rect.width - displayWidth($0) > displayWidth(title) + 1 }) {
            let clockW = displayWidth(clock)
            _ = buffer.put(clock, x: rect.maxX - clockW, y: rect.y, style: header, maxWidth: clockW)
        }
        drawFeeds(ctx, into: &buffer, y: rect.y + 1, width: rect.width)
        drawTabs(ui, ctx, into: &buffer, y: rect.y + 2, width: rect.width)
    }

    /// The one place the fleet clock's pace is put into words: a warm-up's measured fast-forward, else the
    /// simulator's speed, else nothing (live fleets run at the wall clock's).
    static func pace(_ ctx: FrameContext) -> String? {
        ctx.progress?.pace ?? ctx.simulationSpeed.map { "sim ×\(Int($0))" }
    }

    private static func drawFeeds(_ ctx: FrameContext, into buffer: inout CellBuffer, y: Int, width: Int) {
        let theme = ctx.theme
        var x = 1
        if let stale = ctx.storeStale {
            // First on the line, so that no width hides it: every number below it may be behind.
            let text = "STORE STALE \(Format.age(max(0, ctx.wallNow - stale.since))): \(sanitizeForTerminal(stale.reason)) "
            x += buffer.put(text, x: x, y: y, style: theme.style(.critical).adding(.bold), maxWidth: max(0, width - x))
            x += buffer.put("· ", x: x, y: y, style: theme.style(.muted), maxWidth: max(0, width - x))
        }
        x += buffer.put("feeds ", x: x, y: y, style: theme.style(.muted), maxWidth: max(0, width - x))
        if ctx.state.feeds.isEmpty {
            // While a store loads its feeds are not known yet; "none" would be a claim about them. A warm-up's fleet
            // on screen is a copy of one still being made: the line says how far (without a fleet, the body does).
            let loading = ctx.state.gpus.count > 0 ? ctx.progress?.headerText : ctx.progress?.pendingText
            let text = loading ?? "none live yet"
            x += buffer.put(text, x: x, y: y, style: theme.style(.stale), maxWidth: max(0, width - x))
        }
        for feed in ctx.state.feeds {
            let stale = feed.isStale(now: ctx.wallNow)
            let age = Format.age(feed.age(now: ctx.wallNow))
            let text = "● \(sanitizeForTerminal(feed.name)) \(age)" + (stale ? " STALE" : "") + (feed.errorCount > 0 ? " \(feed.errorCount) err" : "")
            x += buffer.put(text, x: x, y: y, style: theme.style(stale ? .stale : .ok), maxWidth: max(0, width - x))
            x += buffer.put("  ", x: x, y: y, style: theme.style(.text), maxWidth: max(0, width - x))
        }
        let policy = ctx.state.policy.map { sanitizeForTerminal($0.source) } ?? ctx.progress?.pendingText ?? "none"
        var right = "policy: \(policy) · \(ctx.role)"
        if !ctx.identity.isEmpty {
            // Before a policy has loaded nothing says who may decide, so "view only" would be a guess.
            // Nor while a new fleet warms up: its policy file applies to the stored fleet, not to the copy on screen.
            let viewOnly = ctx.identityRoles.isEmpty && ctx.state.policy != nil && ctx.progress == nil
            right += " · you: \(sanitizeForTerminal(ctx.identity))" + (viewOnly ? " (view only)" : "")
        }
        if ctx.readOnly { right += " · READ-ONLY" }
        right += " "
        let w = displayWidth(right)
        if width - w > x { _ = buffer.put(right, x: width - w, y: y, style: theme.style(.muted), maxWidth: w) }
    }

    private static func drawTabs(_ ui: UIState, _ ctx: FrameContext, into buffer: inout CellBuffer, y: Int, width: Int) {
        var x = 1
        for pane in Pane.allCases {
            let active = pane == ui.pane
            let label = " \(pane.rawValue) "
            x += buffer.put(label, x: x, y: y, style: ctx.theme.style(active ? .tabActive : .tabInactive), maxWidth: max(0, width - x))
            x += buffer.put(" ", x: x, y: y, style: ctx.theme.style(.text), maxWidth: max(0, width - x))
        }
    }
}

/// The bottom line: command or filter prompt, a message, or the hint bar.
enum Footer {
    static func draw(ui: UIState, ctx: FrameContext, into buffer: inout CellBuffer, in rect: Rect) {
        let theme = ctx.theme
        switch ui.mode {
        case .command(let text):
            let candidates = CommandCompletion.candidates(text)
            let hint = candidates.isEmpty ? "  (no such pane)" : "   Tab: " + candidates.joined(separator: " ")
            let used = buffer.put(":" + text, x: rect.x, y: rect.y, style: theme.style(.accent).adding(.bold), maxWidth: rect.width)
            _ = buffer.put("█", x: rect.x + used, y: rect.y, style: theme.style(.accent), maxWidth: max(0, rect.width - used))
            _ = buffer.put(hint, x: rect.x + used + 1, y: rect.y, style: theme.style(.muted), maxWidth: max(0, rect.width - used - 1))
        case .filter(let text):
            let used = buffer.put("/" + text, x: rect.x, y: rect.y, style: theme.style(.accent).adding(.bold), maxWidth: rect.width)
            _ = buffer.put("█  Enter apply · Esc cancel · regex, ! inverts", x: rect.x + used, y: rect.y, style: theme.style(.muted),
                           maxWidth: max(0, rect.width - used))
        case .normal:
            if let message = ui.message ?? ctx.notice {
                _ = buffer.put(sanitizeForTerminal(message), x: rect.x, y: rect.y, style: theme.style(.warn), maxWidth: rect.width)
            } else {
                _ = HintBar(items: KeyMap.hints(for: ui.pane, readOnly: ctx.readOnly)).draw(into: &buffer, in: rect, theme: theme)
            }
        }
    }
}

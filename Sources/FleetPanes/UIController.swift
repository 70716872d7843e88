import Foundation
import FleetCore
import FleetTUI

/// Turns input into UI state changes. Pure: no I/O; the runtime reads `quitRequested` after each call.
public enum UIController {
    /// Applies one input event to the UI state.
    public static func handle(_ event: InputEvent, ui: inout UIState, ctx: FrameContext) {
        let key: Key
        switch event {
        case .key(let k): key = k
        case .resize(let width, let height):
            ui.screen = ScreenSize(width: width, height: height)
            return
        }
        if KeyMap.action(for: key, in: .anywhere, readOnly: ctx.readOnly) == .quit {
            ui.quitRequested = true
            return
        }
        if let form = ui.form {
            handleForm(key, form: form, ui: &ui, readOnly: ctx.readOnly)
            return
        }
        switch ui.mode {
        case .command(let text): handleCommand(key, text: text, ui: &ui, ctx: ctx)
        case .filter(let text): handleFilter(key, text: text, ui: &ui)
        case .normal: handleNormal(key, ui: &ui, ctx: ctx)
        }
    }

    private static func handleNormal(_ key: Key, ui: inout UIState, ctx: FrameContext) {
        if let overlay = ui.overlay {
            handleOverlay(key, overlay, ui: &ui, ctx: ctx)
            return
        }
        guard let action = KeyMap.action(for: key, pane: ui.pane, readOnly: ctx.readOnly) else { return }
        ui.message = nil
        switch action {
        case .commandMode: ui.mode = .command("")
        case .filterMode: if ui.pane.isList { ui.mode = .filter(ui.filters[ui.pane] ?? "") }
        case .help: ui.overlay = .help(firstLine: 0)
        case .quit: ui.quitRequested = true
        case .back: back(&ui)
        case .nextPane, .previousPane:
            let all = Pane.allCases
            let i = all.firstIndex(of: ui.pane) ?? 0
            let step = action == .nextPane ? 1 : all.count - 1
            open(all[(i + step) % all.count], ui: &ui, remember: false)
        case .up, .down, .pageUp, .pageDown, .top, .bottom: moveSelection(action, ui: &ui, ctx: ctx)
        case .drillDown:
            guard let id = selectedID(ui: ui, ctx: ctx) else { return }
            ui.pane.definition.drillDown(id, ui: &ui, ctx: ctx)
        case .growthUp, .growthDown, .toggleAccelerated, .cycleNewModel, .toggleMoE:
            guard ui.pane == .forecast else { return }
            var s = ui.forecastScenario
            switch action {
            case .growthUp: s.growthPercent += 10
            case .growthDown: s.growthPercent -= 10
            case .toggleAccelerated: s.accelerated.toggle()
            case .cycleNewModel:
                let sizes = ForecastScenario.newModelSizes
                s.newModelGPUs = sizes[((sizes.firstIndex(of: s.newModelGPUs) ?? 0) + 1) % sizes.count]
            default: s.mixtureOfExperts.toggle()
            }
            ui.forecastScenario = s
        case .cycleCostDimension:
            guard ui.pane == .cost else { return }
            let all = CostBreakdown.Dimension.allCases
            ui.costDimension = all[((all.firstIndex(of: ui.costDimension) ?? 0) + 1) % all.count]
            ui.resetSelection(.cost)
        case .toggleGrouping:
            guard ui.pane == .queues else { return }
            ui.queueGrouping = ui.queueGrouping == .queue ? .priorityClass : .queue
            ui.resetSelection(.queues)
        case .sortNextColumn, .sortPreviousColumn, .sortReverse: changeSort(action, &ui)
        case .approve, .deny, .escalate, .askInfo, .withdraw, .newRequest, .ackAlert, .silenceAlert, .endSilence:
            governanceAction(action, ui: &ui, ctx: ctx)
        case .nextSlide, .previousSlide, .reviewWeek, .reviewMonth, .reviewQuarter, .reviewYear, .previousPeriod, .nextPeriod,
             .cycleCompare, .toggleFreeze, .recordDecision, .definitions:
            guard ui.pane == .review else { return }
            ReviewKeys.apply(action, to: &ui, ctx: ctx)
        case .closeOverlay, .teamJobs, .nextField, .previousField, .previousChoice, .nextChoice, .review, .cancelForm, .confirm,
             .backToEdit:
            break  // Bound only over a dialog or in a form.
        }
    }

    /// Keys over a detail or the help: its own keys (a team's jobs, a request's decisions), else close.
    private static func handleOverlay(_ key: Key, _ overlay: Overlay, ui: inout UIState, ctx: FrameContext) {
        if case .team(let team) = overlay, KeyMap.action(for: key, in: .teamDetail, readOnly: ctx.readOnly) == .teamJobs {
            ui.overlay = nil
            openJobs(UIState.JobScope(team: team), ui: &ui)
        } else if overlay.request != nil, let action = KeyMap.action(for: key, in: .requestDetail, readOnly: ctx.readOnly) {
            governanceAction(action, ui: &ui, ctx: ctx)
        } else if case .help(let firstLine) = overlay, let action = KeyMap.action(for: key, in: .help, readOnly: ctx.readOnly) {
            ui.overlay = .help(firstLine: HelpOverlay.scrolled(firstLine, by: action, on: ui.screen, readOnly: ctx.readOnly))
        } else if case let .definitions(slide, firstLine) = overlay, let action = KeyMap.action(for: key, in: .help, readOnly: ctx.readOnly) {
            let lines = ReviewDefinitions.lines(slide, pack: ReviewPane.pack(ui: ui, ctx: ctx), on: ui.screen).count
            ui.overlay = .definitions(slide, firstLine: HelpOverlay.scrolled(firstLine, by: action, lines: lines, on: ui.screen))
        } else if KeyMap.action(for: key, in: .overlay, readOnly: ctx.readOnly) == .closeOverlay {
            ui.overlay = nil
        }
    }

    private static func changeSort(_ action: UIAction, _ ui: inout UIState) {
        let columns = ui.pane.definition.columns.count
        guard columns > 0 else { return }
        var sort = ui.sort[ui.pane] ?? ListSort(column: action == .sortPreviousColumn ? columns : -1, descending: false)
        switch action {
        case .sortNextColumn: sort.column = (sort.column + 1) % columns
        case .sortPreviousColumn: sort.column = (sort.column - 1 + columns) % columns
        default: sort.descending.toggle(); sort.column = max(0, sort.column)
        }
        // The selected row stays selected wherever the new order puts it.
        ui.sort[ui.pane] = sort
    }

    private static func back(_ ui: inout UIState) {
        if ui.filters[ui.pane].map({ !$0.isEmpty }) ?? false {
            ui.filters[ui.pane] = nil
        } else if let previous = ui.backStack.popLast() {
            if ui.pane == .jobs { ui.jobScope = nil }
            ui.pane = previous
        }
    }

    /// Moves the selection by a row, a page (the rows that fit on screen) or to an end, scrolling a page with it
    /// or just enough to keep it in view.
    private static func moveSelection(_ action: UIAction, ui: inout UIState, ctx: FrameContext) {
        let pane = ui.pane
        let ids = pane.definition.ids(ui: ui, ctx: ctx)
        guard !ids.isEmpty else { ui.resetSelection(pane); return }
        let page = pane.visibleRows(on: ui.screen, ctx: ctx)
        let current = RowSelection.resolve(ui.selection[pane], in: ids)
        var scroll = Table.adjustedScrollOffset(current: ui.scroll[pane] ?? 0, selected: current, rowCount: ids.count, visibleRows: page)
        let target: Int
        switch action {
        case .up: target = current - 1
        case .down: target = current + 1
        case .pageUp: target = current - page; scroll -= page
        case .pageDown: target = current + page; scroll += page
        case .top: target = 0
        default: target = ids.count - 1
        }
        let index = min(max(target, 0), ids.count - 1)
        ui.selection[pane] = RowSelection(id: ids[index], index: index)
        ui.scroll[pane] = Table.adjustedScrollOffset(current: scroll, selected: index, rowCount: ids.count, visibleRows: page)
    }

    /// The id of the highlighted row of the current pane: the one the renderer marks, resolved the same way.
    static func selectedID(ui: UIState, ctx: FrameContext) -> String? {
        let ids = ui.pane.definition.ids(ui: ui, ctx: ctx)
        return ids.isEmpty ? nil : ids[RowSelection.resolve(ui.selection[ui.pane], in: ids)]
    }

    /// Opens the jobs pane narrowed to `scope`, on its first row.
    static func openJobs(_ scope: UIState.JobScope, ui: inout UIState) {
        open(.jobs, ui: &ui)
        ui.jobScope = scope
        ui.resetSelection(.jobs)
    }

    static func open(_ pane: Pane, ui: inout UIState, remember: Bool = true) {
        guard pane != ui.pane else { return }
        if remember { ui.backStack.append(ui.pane) }
        if pane == .jobs, !remember { ui.jobScope = nil }
        ui.pane = pane
    }

    private static func handleCommand(_ key: Key, text: String, ui: inout UIState, ctx: FrameContext) {
        switch key {
        case .escape: ui.mode = .normal
        case .enter:
            ui.mode = .normal
            let words = text.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if words.count == 2, Pane.named(words[0]) == .review {
                ReviewKeys.open(period: words[1], ui: &ui, fleetNow: ctx.state.now)
                return
            }
            run(command: text.trimmingCharacters(in: .whitespaces), ui: &ui)
        case .tab:
            ui.mode = .command(CommandCompletion.complete(text))
        case .backspace, .delete: ui.mode = .command(String(text.dropLast()))
        case .char(let c): ui.mode = .command(text + String(c))
        default: break
        }
    }

    private static func run(command: String, ui: inout UIState) {
        var word = command.lowercased()
        // A unique prefix runs its command, as in k9s.
        if Pane.named(word) == nil, !["q", "q!", "quit", "exit"].contains(word), CommandCompletion.candidates(word).count == 1 {
            word = CommandCompletion.complete(word)
        }
        if ["q", "q!", "quit", "exit"].contains(word) {
            ui.quitRequested = true
        } else if let pane = Pane.named(word) {
            if pane == .jobs { ui.jobScope = nil }
            open(pane, ui: &ui)
        } else if !word.isEmpty {
            ui.message = "unknown command: \(sanitizeForTerminal(command)) (try :overview :jobs :teams :quit)"
        }
    }

    private static func handleFilter(_ key: Key, text: String, ui: inout UIState) {
        switch key {
        case .escape:
            ui.mode = .normal
        case .enter:
            ui.mode = .normal
            // The selected row stays selected if it still matches; else the one nearest to where it was.
            ui.filters[ui.pane] = text.isEmpty ? nil : text
        case .backspace, .delete: ui.mode = .filter(String(text.dropLast()))
        case .char(let c): ui.mode = .filter(text + String(c))
        default: break
        }
    }
}

/// Completion of command-mode words.
public enum CommandCompletion {
    /// Every word command mode accepts.
    public static var words: [String] { Pane.allCases.map(\.rawValue) + ["quit"] }

    /// Words starting with `prefix`.
    public static func candidates(_ prefix: String) -> [String] {
        words.filter { $0.hasPrefix(prefix.lowercased()) }
    }

    /// The unique completion, or the longest common prefix of the candidates.
    public static func complete(_ prefix: String) -> String {
        let c = candidates(prefix)
        guard let first = c.first else { return prefix }
        if c.count == 1 { return first }
        var common = first
        for w in c.dropFirst() { while !w.hasPrefix(common) { common.removeLast() } }
        return common.count > prefix.count ? common : prefix
    }
}

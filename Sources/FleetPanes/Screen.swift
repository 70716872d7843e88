import FleetCore
import FleetTUI

/// Composes a whole frame: a pure function of UI state, frame context and size.
public enum Screen {
    /// Below this size the frame only says the terminal is too small.
    public static let minimumWidth = 50
    public static let minimumHeight = 12

    /// Draws one frame.
    public static func compose(ui: UIState, ctx: FrameContext, width: Int, height: Int) -> CellBuffer {
        let theme = ctx.theme
        var buffer = CellBuffer(width: max(0, width), height: max(0, height), style: theme.style(.text))
        guard width >= minimumWidth, height >= minimumHeight else {
            drawTooSmall(into: &buffer, theme: theme)
            return buffer
        }
        let full = buffer.bounds
        Header.draw(ui: ui, ctx: ctx, into: &buffer, in: full.splitTop(3).top)
        let body = Self.body(width: width, height: height)
        if ctx.state.gpus.count == 0, let progress = ctx.progress {
            // Every pane would be empty while the store loads: each shows what is loading instead of "no jobs".
            _ = buffer.put(progress.line, x: body.x, y: body.y, style: theme.style(.stale), maxWidth: body.width)
        } else {
            ui.pane.definition.draw(ui: ui, ctx: ctx, into: &buffer, in: body)
        }
        Footer.draw(ui: ui, ctx: ctx, into: &buffer, in: Rect(x: 0, y: height - 1, width: width, height: 1))
        if let form = ui.form {
            _ = FormDialog.dialog(form).draw(into: &buffer, in: body, theme: theme)
        } else if let overlay = ui.overlay {
            _ = dialog(overlay, ui: ui, ctx: ctx, size: ScreenSize(width: width, height: height)).draw(into: &buffer, in: body, theme: theme)
        }
        return buffer
    }

    /// The dialog of an overlay.
    private static func dialog(_ overlay: Overlay, ui: UIState, ctx: FrameContext, size: ScreenSize) -> Dialog {
        switch overlay {
        case .help(let firstLine):
            return HelpOverlay.dialog(firstLine: firstLine, size: size, readOnly: ctx.readOnly)
        case .gpu(let uuid):
            return Dialog(title: "GPU \(sanitizeForTerminal(uuid))", body: GPUDetail.lines(uuid: uuid, ctx: ctx), buttons: ["Close"])
        case .team(let team):
            return Dialog(title: "team \(sanitizeForTerminal(team))", body: TeamDetail.lines(team: team, ctx: ctx), buttons: ["Close"])
        case .request(let id):
            let lines = ctx.state.governance?.request(id).map { RequestDetail.lines($0, ctx.state, now: ctx.wallNow) } ?? ["no request \(id)"]
            let keys = KeyMap.hintLine([.requestDetail, .overlay], readOnly: ctx.readOnly) + (ctx.readOnly ? " (read-only)" : "")
            return Dialog(title: "request \(sanitizeForTerminal(id))", body: lines + ["", keys], buttons: ["Close"])
        case .job(let id):
            return Dialog(title: "job \(sanitizeForTerminal(id))", body: JobDetail.lines(id: id, ctx: ctx), buttons: ["Close"])
        case let .definitions(slide, firstLine):
            return HelpOverlay.dialog(title: "definitions: \(ReviewSlides.tabName(slide))",
                                      lines: ReviewDefinitions.lines(slide, pack: ReviewPane.pack(ui: ui, ctx: ctx), on: size),
                                      firstLine: firstLine, size: size, readOnly: ctx.readOnly)
        }
    }

    /// Where the pane goes: between the three header lines and the footer, a column in from each side.
    static func body(width: Int, height: Int) -> Rect { Rect(x: 1, y: 3, width: max(0, width - 2), height: max(0, height - 4)) }

    private static func drawTooSmall(into buffer: inout CellBuffer, theme: Theme) {
        let text = "terminal too small: \(buffer.width)×\(buffer.height), need \(minimumWidth)×\(minimumHeight)"
        let y = buffer.height / 2
        // Wrap onto as many lines as the width allows, so even a tiny terminal shows the sizes.
        var rest = Substring(text)
        var row = max(0, y - (text.count / max(1, buffer.width)) / 2)
        while !rest.isEmpty, row < buffer.height, buffer.width > 0 {
            let chunk = rest.prefix(buffer.width)
            _ = buffer.put(String(chunk), x: 0, y: row, style: theme.style(.warn), maxWidth: buffer.width)
            rest = rest.dropFirst(chunk.count)
            row += 1
        }
    }
}

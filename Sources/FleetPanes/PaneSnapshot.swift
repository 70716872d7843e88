import FleetCore
import Foundation

/// The values a pane shows, as JSON for scripts (`fleetdeck snapshot --json`). Missing data is `null`, never a made-up
/// number. Each pane writes its own (`PaneDefinition.snapshot`).
public enum PaneSnapshot {
    /// Pretty-printed JSON with sorted keys.
    public static func json(pane: Pane, ui: UIState, ctx: FrameContext) -> String {
        let object = pane.definition.snapshot(ui: ui, ctx: ctx)
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

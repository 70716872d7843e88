import Foundation
import FleetTUI

/// Draws a governance form as a dialog: its fields with the focused one marked, then the confirm question.
enum FormDialog {
    static func dialog(_ form: GovernanceForm) -> Dialog {
        let width = (form.fields.map(\.name.count).max() ?? 0) + 2
        var body = form.fields.enumerated().map { i, field -> String in
            let marker = i == form.focus && !form.confirming ? "▶ " : "  "
            let value = field.choices.isEmpty ? sanitizeForTerminal(field.value) + (i == form.focus && !form.confirming ? "▏" : "")
                : "◂ \(sanitizeForTerminal(field.value)) ▸"
            return marker + field.name.padding(toLength: width, withPad: " ", startingAt: 0) + value + (field.required && field.value.isEmpty ? "  (required)" : "")
        }
        body.append("")
        if let error = form.error { body.append("✗ \(error)") }
        if form.confirming {
            body.append(form.question + " It is recorded in the audit log under your name.")
            let buttons = KeyMap.scopeBindings(.confirm, readOnly: false).map(KeyMap.hintText)
            return Dialog(title: form.title, body: body, buttons: buttons, defaultButton: buttons.count - 1)
        }
        body.append(KeyMap.hintLine([.form], readOnly: false))
        return Dialog(title: form.title, body: body, buttons: [])
    }
}

import FleetTUI

extension UIController {
    /// Keys while a governance form is open: edit fields, then confirm (Enter = go back; y = do it).
    static func handleForm(_ key: Key, form: GovernanceForm, ui: inout UIState) {
        var form = form
        if form.confirming {
            switch key {
            case .char("y"), .char("Y"):
                if case .success(let intent) = form.intent() {
                    ui.intent = intent
                    ui.message = "working…"
                }
                ui.form = nil
                ui.overlay = nil  // back to the list, where the outcome shows
            default:
                form.confirming = false  // Enter, n, Esc: the explicit default is to go back and edit.
                ui.form = form
            }
            return
        }
        form.error = nil
        let count = form.fields.count
        switch key {
        case .escape: ui.form = nil; return
        case .tab, .down: form.focus = (form.focus + 1) % count
        case .backTab, .up: form.focus = (form.focus - 1 + count) % count
        case .left, .right:
            let field = form.fields[form.focus]
            if !field.choices.isEmpty {
                let i = field.choices.firstIndex(of: field.value) ?? 0
                let step = key == .left ? -1 : 1
                form.fields[form.focus].value = field.choices[(i + step + field.choices.count) % field.choices.count]
            }
        case .backspace, .delete:
            if form.fields[form.focus].choices.isEmpty { form.fields[form.focus].value = String(form.fields[form.focus].value.dropLast()) }
        case .char(let c):
            if form.fields[form.focus].choices.isEmpty, form.fields[form.focus].value.count < 200 { form.fields[form.focus].value.append(c) }
        case .enter:
            switch form.intent() {
            case .success: form.confirming = true
            case .failure(let error): form.error = error.message
            }
        default: break
        }
        ui.form = form
    }
}

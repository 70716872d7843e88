import FleetTUI

extension UIController {
    /// Keys while a governance form is open: edit fields, then confirm (any key but yes goes back to editing).
    static func handleForm(_ key: Key, form: GovernanceForm, ui: inout UIState, readOnly: Bool) {
        var form = form
        if form.confirming {
            if KeyMap.action(for: key, in: .confirm, readOnly: readOnly) == .confirm {
                if case .success(let intent) = form.intent() {
                    ui.intent = intent
                    ui.message = "working…"
                }
                ui.form = nil
                ui.overlay = nil  // back to the list, where the outcome shows
            } else {
                form.confirming = false  // Enter, n, Esc or anything else: the explicit default is to go back and edit.
                ui.form = form
            }
            return
        }
        form.error = nil
        let count = form.fields.count
        let field = form.fields[form.focus]
        let action = KeyMap.action(for: key, in: .form, readOnly: readOnly)
        switch action {
        case .cancelForm: ui.form = nil; return
        case .nextField: form.focus = (form.focus + 1) % count
        case .previousField: form.focus = (form.focus - 1 + count) % count
        case .previousChoice, .nextChoice:
            if !field.choices.isEmpty {
                let i = field.choices.firstIndex(of: field.value) ?? 0
                let step = action == .previousChoice ? -1 : 1
                form.fields[form.focus].value = field.choices[(i + step + field.choices.count) % field.choices.count]
            }
        case .review:
            switch form.intent() {
            case .success: form.confirming = true
            case .failure(let error): form.error = error.message
            }
        default:
            // Text editing of a free-text field.
            switch key {
            case .backspace, .delete:
                if field.choices.isEmpty { form.fields[form.focus].value = String(field.value.dropLast()) }
            case .char(let c):
                if field.choices.isEmpty, field.value.count < 200 { form.fields[form.focus].value.append(c) }
            default: break
            }
        }
        ui.form = form
    }
}

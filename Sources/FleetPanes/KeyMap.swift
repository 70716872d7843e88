import FleetTUI

/// Something a key does.
public enum UIAction: String, Sendable, CaseIterable {
    case commandMode, filterMode, help, back, quit, nextPane, previousPane, up, down, pageUp, pageDown, top, bottom, drillDown
    case sortNextColumn, sortPreviousColumn, sortReverse, toggleGrouping
    case growthUp, growthDown, toggleAccelerated, cycleNewModel, toggleMoE, cycleCostDimension
    case approve, deny, escalate, askInfo, newRequest, withdraw, ackAlert, silenceAlert, endSilence
    case closeOverlay, teamJobs
    case nextSlide, previousSlide, reviewWeek, reviewMonth, reviewQuarter, reviewYear, previousPeriod, nextPeriod, cycleCompare, toggleFreeze
    case recordDecision, definitions
    case nextField, previousField, previousChoice, nextChoice, review, cancelForm, confirm, backToEdit
}

/// Where a binding works.
public enum KeyScope: String, Sendable, CaseIterable {
    /// The pane, with nothing over it.
    case pane
    /// Everywhere: over a detail, in a form, while typing a command or filter.
    case anywhere
    /// Over a detail or the help.
    case overlay
    /// Over the help: scrolling it.
    case help
    /// Over a team's detail.
    case teamDetail
    /// Over a request's detail: the approvals pane's decision keys.
    case requestDetail
    /// In a governance form, editing its fields.
    case form
    /// In a governance form, asked to confirm.
    case confirm
}

/// One key binding: the help screen and the hint bar are both generated from these.
public struct KeyBinding: Sendable, Equatable {
    public var keys: [Key]
    public var label: String
    public var action: UIAction
    /// Shown in the hint bar (the rest only in help).
    public var inHintBar: Bool
    /// Only meaningful in list panes.
    public var listOnly: Bool
    /// Changes the fleet or the scheduler: marked in help and hints, removed in read-only mode.
    public var isDangerous: Bool
    /// The only pane the key works in (nil: every pane).
    public var pane: Pane?
    /// Where it works: the pane, or a dialog over it.
    public var scope: KeyScope

    init(keys: [Key], label: String, action: UIAction, inHintBar: Bool, listOnly: Bool, isDangerous: Bool, pane: Pane? = nil,
         scope: KeyScope = .pane) {
        self.keys = keys
        self.label = label
        self.action = action
        self.inHintBar = inHintBar
        self.listOnly = listOnly
        self.isDangerous = isDangerous
        self.pane = pane
        self.scope = scope
    }

    /// A binding of a dialog or form (`scope`), shown in its own hint line.
    init(_ keys: [Key], _ label: String, _ action: UIAction, scope: KeyScope) {
        self.init(keys: keys, label: label, action: action, inHintBar: false, listOnly: false, isDangerous: false, scope: scope)
    }
}

/// The key map of the dashboard.
public enum KeyMap {
    /// Every binding; read-only mode drops the dangerous ones (decisions, requests, acks, silences).
    public static func bindings(readOnly: Bool) -> [KeyBinding] {
        var all = reviewBindings
        all.append(contentsOf: [
            KeyBinding(keys: [.char(":")], label: "command", action: .commandMode, inHintBar: true, listOnly: false, isDangerous: false),
            KeyBinding(keys: [.char("/")], label: "filter", action: .filterMode, inHintBar: true, listOnly: true, isDangerous: false),
            KeyBinding(keys: [.enter], label: "drill down", action: .drillDown, inHintBar: true, listOnly: false, isDangerous: false),
            KeyBinding(keys: [.tab], label: "next pane", action: .nextPane, inHintBar: true, listOnly: false, isDangerous: false),
            KeyBinding(keys: [.backTab], label: "previous pane", action: .previousPane, inHintBar: false, listOnly: false, isDangerous: false),
            KeyBinding(keys: [.up, .char("k")], label: "up", action: .up, inHintBar: false, listOnly: false, isDangerous: false),
            KeyBinding(keys: [.down, .char("j")], label: "down", action: .down, inHintBar: false, listOnly: false, isDangerous: false),
            KeyBinding(keys: [.pageUp], label: "page up", action: .pageUp, inHintBar: false, listOnly: true, isDangerous: false),
            KeyBinding(keys: [.pageDown], label: "page down", action: .pageDown, inHintBar: false, listOnly: true, isDangerous: false),
            KeyBinding(keys: [.home, .char("g")], label: "first row", action: .top, inHintBar: false, listOnly: true, isDangerous: false),
            KeyBinding(keys: [.end, .char("G")], label: "last row", action: .bottom, inHintBar: false, listOnly: true, isDangerous: false),
            KeyBinding(keys: [.char(".")], label: "sort by next column", action: .sortNextColumn, inHintBar: false, listOnly: true, isDangerous: false),
            KeyBinding(keys: [.char(",")], label: "sort by previous column", action: .sortPreviousColumn, inHintBar: false, listOnly: true, isDangerous: false),
            KeyBinding(keys: [.char("r")], label: "reverse sort", action: .sortReverse, inHintBar: false, listOnly: true, isDangerous: false),
            KeyBinding(keys: [.char("c")], label: "queues: group by queue / class", action: .toggleGrouping, inHintBar: false, listOnly: true, isDangerous: false, pane: .queues),
            KeyBinding(keys: [.char("b")], label: "cost: by team / project / model / pool", action: .cycleCostDimension, inHintBar: false, listOnly: true, isDangerous: false, pane: .cost),
            KeyBinding(keys: [.char("+")], label: "forecast: +10 % growth", action: .growthUp, inHintBar: false, listOnly: true, isDangerous: false, pane: .forecast),
            KeyBinding(keys: [.char("-")], label: "forecast: -10 % growth", action: .growthDown, inHintBar: false, listOnly: true, isDangerous: false, pane: .forecast),
            KeyBinding(keys: [.char("a")], label: "forecast: timeline ×2", action: .toggleAccelerated, inHintBar: false, listOnly: true, isDangerous: false, pane: .forecast),
            KeyBinding(keys: [.char("n")], label: "forecast: new model (0/64/256/1024 GPUs)", action: .cycleNewModel, inHintBar: false, listOnly: true, isDangerous: false, pane: .forecast),
            KeyBinding(keys: [.char("m")], label: "forecast: dense → MoE (×0.6)", action: .toggleMoE, inHintBar: false, listOnly: true, isDangerous: false, pane: .forecast),
            KeyBinding(keys: [.char("a")], label: "approve", action: .approve, inHintBar: true, listOnly: true, isDangerous: true, pane: .approvals),
            KeyBinding(keys: [.char("x")], label: "deny", action: .deny, inHintBar: true, listOnly: true, isDangerous: true, pane: .approvals),
            KeyBinding(keys: [.char("e")], label: "escalate", action: .escalate, inHintBar: true, listOnly: true, isDangerous: true, pane: .approvals),
            KeyBinding(keys: [.char("i")], label: "ask for info", action: .askInfo, inHintBar: true, listOnly: true, isDangerous: true, pane: .approvals),
            KeyBinding(keys: [.char("n")], label: "new request", action: .newRequest, inHintBar: true, listOnly: true, isDangerous: true, pane: .approvals),
            KeyBinding(keys: [.char("w")], label: "withdraw yours", action: .withdraw, inHintBar: false, listOnly: true, isDangerous: true, pane: .approvals),
            KeyBinding(keys: [.char("A")], label: "acknowledge", action: .ackAlert, inHintBar: true, listOnly: true, isDangerous: true, pane: .alerts),
            KeyBinding(keys: [.char("s")], label: "silence", action: .silenceAlert, inHintBar: true, listOnly: true, isDangerous: true, pane: .alerts),
            KeyBinding(keys: [.char("S")], label: "end its silence", action: .endSilence, inHintBar: false, listOnly: true, isDangerous: true, pane: .alerts),
            KeyBinding(keys: [.escape], label: "back", action: .back, inHintBar: true, listOnly: false, isDangerous: false),
            KeyBinding(keys: [.char("?")], label: "help", action: .help, inHintBar: true, listOnly: false, isDangerous: false),
            KeyBinding(keys: [.char("q")], label: "quit", action: .quit, inHintBar: true, listOnly: false, isDangerous: false),
            KeyBinding([.ctrl("c")], "quit", .quit, scope: .anywhere),
            KeyBinding([.escape, .char("q"), .enter, .char("?")], "close", .closeOverlay, scope: .overlay),
            KeyBinding([.down, .char("j")], "line down", .down, scope: .help),
            KeyBinding([.up, .char("k")], "line up", .up, scope: .help),
            KeyBinding([.pageDown], "page down", .pageDown, scope: .help),
            KeyBinding([.pageUp], "page up", .pageUp, scope: .help),
            KeyBinding([.char("j")], "this team's jobs", .teamJobs, scope: .teamDetail),
            KeyBinding([.tab, .down], "next field", .nextField, scope: .form),
            KeyBinding([.backTab, .up], "prev. field", .previousField, scope: .form),
            KeyBinding([.left], "prev. choice", .previousChoice, scope: .form),
            KeyBinding([.right], "next choice", .nextChoice, scope: .form),
            KeyBinding([.enter], "review", .review, scope: .form),
            KeyBinding([.escape], "cancel", .cancelForm, scope: .form),
            KeyBinding([.char("y"), .char("Y")], "yes, do it", .confirm, scope: .confirm),
            // Any other key goes back too: the explicit default of a confirmation is not to act.
            KeyBinding([.enter, .char("n"), .escape], "no, go back", .backToEdit, scope: .confirm),
        ])
        return readOnly ? all.filter { !$0.isDangerous } : all
    }

    /// `:review`'s keys. They come first: in the review `q` picks a quarter (quit with `:q` or Ctrl-C) and the page keys
    /// turn slides. Over the definitions, the help's keys scroll.
    static let reviewBindings = [
        KeyBinding(keys: [.right, .pageDown], label: "next slide", action: .nextSlide, inHintBar: true, listOnly: false, isDangerous: false, pane: .review),
        KeyBinding(keys: [.left, .pageUp], label: "prev. slide", action: .previousSlide, inHintBar: false, listOnly: false, isDangerous: false, pane: .review),
        KeyBinding(keys: [.char("[")], label: "prev. period", action: .previousPeriod, inHintBar: true, listOnly: false, isDangerous: false, pane: .review),
        KeyBinding(keys: [.char("]")], label: "next period", action: .nextPeriod, inHintBar: true, listOnly: false, isDangerous: false, pane: .review),
        KeyBinding(keys: [.char("w")], label: "week", action: .reviewWeek, inHintBar: false, listOnly: false, isDangerous: false, pane: .review),
        KeyBinding(keys: [.char("m")], label: "month", action: .reviewMonth, inHintBar: false, listOnly: false, isDangerous: false, pane: .review),
        KeyBinding(keys: [.char("q")], label: "quarter", action: .reviewQuarter, inHintBar: false, listOnly: false, isDangerous: false, pane: .review),
        KeyBinding(keys: [.char("y")], label: "year", action: .reviewYear, inHintBar: false, listOnly: false, isDangerous: false, pane: .review),
        KeyBinding(keys: [.char("c")], label: "compare", action: .cycleCompare, inHintBar: true, listOnly: false, isDangerous: false, pane: .review),
        KeyBinding(keys: [.char("f")], label: "freeze", action: .toggleFreeze, inHintBar: true, listOnly: false, isDangerous: false, pane: .review),
        // `?` stays help everywhere; `d` describes the slide's numbers (k9s's describe key).
        KeyBinding(keys: [.char("d")], label: "definitions", action: .definitions, inHintBar: true, listOnly: false, isDangerous: false, pane: .review),
        KeyBinding(keys: [.char("n")], label: "record decision", action: .recordDecision, inHintBar: true, listOnly: false, isDangerous: true, pane: .review),
    ]

    /// The action a key triggers in normal mode on `pane`.
    public static func action(for key: Key, pane: Pane, readOnly: Bool) -> UIAction? {
        bindings(readOnly: readOnly).first {
            $0.scope == .pane && $0.keys.contains(key) && ($0.pane == nil || $0.pane == pane) && (pane.isList || !$0.listOnly)
        }?.action
    }

    /// The action a key triggers in `scope` (a request's detail: the approvals pane's decisions).
    public static func action(for key: Key, in scope: KeyScope, readOnly: Bool) -> UIAction? {
        scopeBindings(scope, readOnly: readOnly).first { $0.keys.contains(key) }?.action
    }

    /// What a request's detail decides with.
    static let requestDecisions: Set<UIAction> = [.approve, .deny, .escalate, .askInfo, .withdraw]

    /// The bindings of `scope`, in key map order.
    static func scopeBindings(_ scope: KeyScope, readOnly: Bool) -> [KeyBinding] {
        let all = bindings(readOnly: readOnly)
        guard scope == .requestDetail else { return all.filter { $0.scope == scope } }
        return all.filter { $0.scope == .pane && $0.pane == .approvals && requestDecisions.contains($0.action) }
    }

    /// The keys of the dialog scopes as one line ("j this team's jobs · Esc/q/Enter/? close").
    public static func hintLine(_ scopes: [KeyScope], readOnly: Bool) -> String {
        scopes.flatMap { scopeBindings($0, readOnly: readOnly) }.map(hintText).joined(separator: " · ")
    }

    /// "Tab/↓ next field": a binding's keys and label.
    static func hintText(_ b: KeyBinding) -> String { b.keys.map(keyName).joined(separator: "/") + " " + b.label }

    /// Hint bar items for a pane.
    public static func hints(for pane: Pane, readOnly: Bool) -> [HintItem] {
        bindings(readOnly: readOnly).filter {
            $0.scope == .pane && $0.inHintBar && (pane.isList || !$0.listOnly) && ($0.pane == nil || $0.pane == pane)
                // A key another binding takes in this pane (`q` in the review) is not offered for this one.
                && action(for: $0.keys[0], pane: pane, readOnly: readOnly) == $0.action
        }.map {
            HintItem(key: keyName($0.keys[0]), label: $0.label, isDangerous: $0.isDangerous)
        }
    }

    /// Help lines: "keys  label", generated from the same bindings.
    public static func helpLines(readOnly: Bool) -> [String] {
        // The review's keys share two lines, so that help still fits 50 rows.
        var lines = bindings(readOnly: readOnly).filter { $0.scope == .pane && $0.pane != .review }.map { b in
            pad(b.keys.map(keyName).joined(separator: " "), toWidth: 12, alignment: .left) + b.label
                + (b.pane.map { " (:\($0.rawValue))" } ?? (b.listOnly ? " (lists)" : "")) + (b.isDangerous ? "  ⚠" : "")
        }
        // Two lines: moving through the review, then what acts on it (one line is cut at 160 columns).
        let moves = reviewBindings.filter { ![.definitions, .recordDecision].contains($0.action) }
        let acts = bindings(readOnly: readOnly).filter { $0.pane == .review && [.definitions, .recordDecision].contains($0.action) }
        lines.append(":review " + moves.map(hintText).joined(separator: " · "))
        lines.append(":review " + acts.map { hintText($0) + ($0.isDangerous ? " ⚠" : "") }.joined(separator: " · "))
        // The keys of dialogs and forms, a few scopes to a line so that help fits 50 rows.
        for group: [KeyScope] in [[.anywhere, .overlay, .teamDetail], [.help], [.requestDetail], [.form], [.confirm]] {
            let parts = group.compactMap { scope -> String? in
                let keys = hintLine([scope], readOnly: readOnly)
                return keys.isEmpty ? nil : scope.title + ": " + keys
            }
            if !parts.isEmpty { lines.append(parts.joined(separator: " · ")) }
        }
        lines.append("commands: " + Pane.allCases.map { command($0) }.joined(separator: " ") + " :quit")
        lines.append("filter: a regular expression; /!text hides matching rows")
        if readOnly { lines.append("read-only: decisions, requests, acks and silences are disabled") }
        return lines
    }

    /// What to type to open `pane` (":idle"): the command-mode key and the pane's command name.
    public static func command(_ pane: Pane) -> String {
        let commandKey = bindings(readOnly: true).first { $0.action == .commandMode }?.keys.first.map(keyName) ?? ":"
        return commandKey + pane.rawValue
    }

    static func keyName(_ key: Key) -> String {
        switch key {
        case .char(let c): String(c)
        default: key.description
        }
    }
}

extension KeyScope {
    /// Its name in help.
    var title: String {
        switch self {
        case .pane: "pane"
        case .anywhere: "anywhere"
        case .overlay: "detail or help"
        case .help: "help"
        case .teamDetail: "team detail"
        case .requestDetail: "request detail"
        case .form: "form"
        case .confirm: "confirming"
        }
    }
}

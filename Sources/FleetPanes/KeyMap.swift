import FleetTUI

/// Something a key does.
public enum UIAction: String, Sendable, CaseIterable {
    case commandMode, filterMode, help, back, quit, nextPane, previousPane, up, down, pageUp, pageDown, top, bottom, drillDown
    case sortNextColumn, sortPreviousColumn, sortReverse, toggleGrouping
    case growthUp, growthDown, toggleAccelerated, cycleNewModel, toggleMoE, cycleCostDimension
    case approve, deny, escalate, askInfo, newRequest, withdraw, ackAlert, silenceAlert, endSilence
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

    init(keys: [Key], label: String, action: UIAction, inHintBar: Bool, listOnly: Bool, isDangerous: Bool, pane: Pane? = nil) {
        self.keys = keys
        self.label = label
        self.action = action
        self.inHintBar = inHintBar
        self.listOnly = listOnly
        self.isDangerous = isDangerous
        self.pane = pane
    }
}

/// The key map of the dashboard.
public enum KeyMap {
    /// Every binding; read-only mode drops the dangerous ones (decisions, requests, acks, silences).
    public static func bindings(readOnly: Bool) -> [KeyBinding] {
        let all = [
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
        ]
        return readOnly ? all.filter { !$0.isDangerous } : all
    }

    /// The action a key triggers in normal mode on `pane`.
    public static func action(for key: Key, pane: Pane, readOnly: Bool) -> UIAction? {
        bindings(readOnly: readOnly).first {
            $0.keys.contains(key) && ($0.pane == nil || $0.pane == pane) && (pane.isList || !$0.listOnly)
        }?.action
    }

    /// Hint bar items for a pane.
    public static func hints(for pane: Pane, readOnly: Bool) -> [HintItem] {
        bindings(readOnly: readOnly).filter { $0.inHintBar && (pane.isList || !$0.listOnly) && ($0.pane == nil || $0.pane == pane) }.map {
            HintItem(key: keyName($0.keys[0]), label: $0.label, isDangerous: $0.isDangerous)
        }
    }

    /// Help lines: "keys  label", generated from the same bindings.
    public static func helpLines(readOnly: Bool) -> [String] {
        var lines = bindings(readOnly: readOnly).map { b in
            pad(b.keys.map(keyName).joined(separator: " "), toWidth: 12, alignment: .left) + b.label
                + (b.pane.map { " (:\($0.rawValue))" } ?? (b.listOnly ? " (lists)" : "")) + (b.isDangerous ? "  ⚠" : "")
        }
        lines.append("")
        lines.append("commands: " + Pane.allCases.map { ":" + $0.rawValue }.joined(separator: " ") + " :quit")
        lines.append("filter: a regular expression; /!text hides matching rows")
        if readOnly { lines.append("read-only: decisions, requests, acks and silences are disabled") }
        return lines
    }

    private static func keyName(_ key: Key) -> String {
        switch key {
        case .char(let c): String(c)
        default: key.description
        }
    }
}

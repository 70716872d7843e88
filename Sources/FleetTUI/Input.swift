/// A key press, decoded by the backend from whatever the terminal sent.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (including space).
    case char(Character)
    /// Return / Enter.
    case enter
    /// Escape on its own.
    case escape
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Page Up.
    case pageUp
    /// Page Down.
    case pageDown
    /// Home.
    case home
    /// End.
    case end
    /// Backspace.
    case backspace
    /// Delete (forward).
    case delete
    /// Control plus a letter, stored lowercase (`ctrl("c")` is ^C).
    case ctrl(Character)
    /// Function key F1…F12 by number.
    case function(Int)

    /// The key as shown in hint bars and help: `q`, `Space`, `Enter`, `^C`, `F1`, `↑`.
    public var description: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .backspace: "Bksp"
        case .delete: "Del"
        case .ctrl(let c): "^" + String(c).uppercased()
        case .function(let n): "F\(n)"
        }
    }
}

/// Something that happened at the terminal.
public enum InputEvent: Hashable, Sendable {
    /// A key was pressed.
    case key(Key)
    /// The terminal now has this size.
    case resize(width: Int, height: Int)
}

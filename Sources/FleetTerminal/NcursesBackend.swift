import CNcursesw
import FleetTUI
import Foundation

/// The ncursesw terminal: draws cell buffers and reads keys. One instance per process; `shutdown()` restores the terminal.
public final class NcursesBackend: TerminalBackend {
    private var pairs: [Style: Int16] = [:]
    private var nextPair: Int16 = 1
    private var isShutDown = false
    /// Colours the terminal supports (0 when it has none).
    public let colorCount: Int

    /// Starts ncurses. Check `TerminalCheck.problem()` and install signal handlers first.
    public init() {
        setlocale(LC_ALL, "")
        initscr()
        cbreak()
        noecho()
        nonl()
        keypad(cn_stdscr(), true)
        curs_set(0)
        cn_set_escdelay(25)
        if has_colors() {
            start_color()
            use_default_colors()
            colorCount = Int(cn_colors())
        } else {
            colorCount = 0
        }
    }

    deinit { shutdown() }

    /// Restores the terminal; safe to call more than once.
    public func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        endwin()
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(cn_stdscr())), Int(getmaxy(cn_stdscr())))
    }

    public func present(_ buffer: CellBuffer) {
        let (width, height) = size
        // ncurses diffs against the previous frame, so redrawing every cell sends only what changed.
        for y in 0..<min(height, buffer.height) {
            for x in 0..<min(width, buffer.width) {
                let cell = buffer[x: x, y: y]
                if cell.isContinuation { continue }
                _ = cn_put_cell(Int32(y), Int32(x), wchar_t(bitPattern: cell.scalar.value), attributes(cell.style.attributes),
                                pair(for: cell.style))
            }
        }
        wnoutrefresh(cn_stdscr())
        doupdate()
    }

    public func nextInput(timeoutMilliseconds: Int) -> InputEvent? {
        wtimeout(cn_stdscr(), Int32(timeoutMilliseconds))
        var ch: wint_t = 0
        let result = wget_wch(cn_stdscr(), &ch)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            if Int32(ch) == cn_key_resize() {
                // Repaint everything on the next refresh: after a resize the diff against the old screen is wrong.
                clearok(cn_stdscr(), true)
                let (w, h) = size
                return .resize(width: w, height: h)
            }
            return KeyDecoding.functionKey(Int32(ch)).map { .key($0) }
        }
        return KeyDecoding.character(UInt32(ch)).map { .key($0) }
    }

    private func attributes(_ a: TextAttributes) -> attr_t {
        var out = cn_a_normal
        if a.contains(.bold) { out |= cn_a_bold }
        if a.contains(.dim) { out |= cn_a_dim }
        if a.contains(.underline) { out |= cn_a_underline }
        if a.contains(.reverse) { out |= cn_a_reverse }
        if a.contains(.italic) { out |= cn_a_italic }
        return out
    }

    /// A colour pair per (fg, bg), allocated on first use; pair 0 (terminal default) when colours run out.
    private func pair(for style: Style) -> Int16 {
        guard colorCount > 0 else { return 0 }
        let key = Style(fg: style.fg, bg: style.bg)
        if let p = pairs[key] { return p }
        guard Int(nextPair) < min(Int(cn_color_pairs()), Int(Int16.max)) else { return 0 }
        let p = nextPair
        nextPair += 1
        init_pair(p, colorNumber(style.fg), colorNumber(style.bg))
        pairs[key] = p
        return p
    }

    private func colorNumber(_ color: Color) -> Int16 {
        switch color {
        case .terminalDefault: -1
        case .indexed(let i): Int(i) < colorCount ? Int16(i) : Int16(Int(i) % max(1, min(colorCount, 8)))
        }
    }
}

/// Maps ncurses key codes and characters to `Key`.
enum KeyDecoding {
    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case KEY_F0 + 1...KEY_F0 + 12: .function(Int(code - KEY_F0))
        default: nil
        }
    }

    static func character(_ value: UInt32) -> Key? {
        switch value {
        case 9: .tab
        case 10, 13: .enter
        case 27: .escape
        case 8, 127: .backspace
        case 1...26: .ctrl(Character(Unicode.Scalar(UInt8(value) + 96)))
        default: Unicode.Scalar(value).map { .char(Character($0)) }
        }
    }
}

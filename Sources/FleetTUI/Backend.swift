/// A place frames are shown and input comes from: the ncurses terminal in the app, `MemoryBackend` in tests.
public protocol TerminalBackend: AnyObject {
    /// Current size in cells.
    var size: (width: Int, height: Int) { get }
    /// Shows a complete frame (backends send only what changed).
    func present(_ buffer: CellBuffer)
    /// The next input event, waiting at most `timeoutMilliseconds` (0 polls); nil when nothing arrived.
    func nextInput(timeoutMilliseconds: Int) -> InputEvent?
}

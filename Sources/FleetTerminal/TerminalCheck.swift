import Foundation

/// Checks, before ncurses starts, that there is a terminal to draw on.
public enum TerminalCheck {
    /// Nil when stdin and stdout are TTYs and TERM is set; otherwise why the dashboard cannot start.
    public static func problem(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
            return "fleetdeck needs an interactive terminal (stdin and stdout must be a TTY); for scripts use `fleetdeck snapshot`"
        }
        guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else {
            return "fleetdeck needs TERM set to a real terminal type (e.g. xterm-256color); for scripts use `fleetdeck snapshot`"
        }
        return nil
    }
}

import FleetTUI
import Foundation

/// Text for the terminal outside the dashboard: every line cleaned of escape sequences and control characters, so
/// nothing a file, a feed or an argument contains can move the cursor, retitle the window or hide a line.
enum Console {
    /// `text` with each line cleaned (line breaks kept).
    static func clean(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { sanitizeForTerminal(String($0)) }
            .joined(separator: "\n")
    }

    /// Writes `text` and a line break to stderr, cleaned.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((clean(text) + "\n").utf8))
    }

    /// Writes `text` and a line break to stdout, cleaned.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((clean(text) + "\n").utf8))
    }
}

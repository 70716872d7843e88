/// A problem found while reading telemetry text, with the line it was found on when known.
public struct TelemetryParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number in the input, when the format has lines and the problem has one.
    public var line: Int?
    /// What was wrong, in words.
    public var message: String

    /// An error at `line` (nil: not tied to a line) saying `message`.
    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    /// "line N: message", or just the message when there is no line.
    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}

/// How deep a JSON or YAML text nests, measured in one pass without building anything, so that a recursive parser
/// (Yams, libyaml's composer, Foundation's JSONDecoder, a tree reader) never sees a text deeper than the cap.
enum NestingScan {
    /// The 1-based line where `bytes`, read as JSON, first nests deeper than `limit`; nil when it never does.
    static func json(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> Int? {
        var depth = 0, line = 1, inString = false, escaped = false
        for byte in bytes {
            if byte == newline { line += 1 }
            if inString {
                if escaped { escaped = false } else if byte == backslash { escaped = true } else if byte == doubleQuote { inString = false }
                continue
            }
            switch byte {
            case doubleQuote: inString = true
            case openBracket, openBrace:
                depth += 1
                if depth > limit { return line }
            case closeBracket, closeBrace: depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }

    /// The 1-based line where `text`, read as YAML, first nests deeper than `limit`; nil when it never does.
    ///
    /// Depth is counted generously (indentation levels, compact `- `/`? ` indicators and open flow brackets, outside
    /// quotes, comments and block scalars), so it is never far below the depth a YAML parser recurses to.
    static func yaml(_ text: String, limit: Int) -> Int? {
        var scan = YAMLDepth(limit: limit)
        var line = 1
        for content in text.utf8.split(separator: newline, omittingEmptySubsequences: false) {
            if scan.consume(content) { return line }
            line += 1
        }
        return nil
    }

    fileprivate static let newline = UInt8(ascii: "\n"), backslash = UInt8(ascii: "\\")
    fileprivate static let doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'")
    fileprivate static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    fileprivate static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
}

/// Line-by-line state of `NestingScan.yaml`.
private struct YAMLDepth {
    let limit: Int
    var indents: [Int] = []
    var flow = 0
    /// The quote a multi-line quoted scalar is still open with.
    var openQuote: UInt8?
    /// Indentation of the line that started a block scalar (`|`, `>`): deeper lines are its text.
    var blockScalarParent: Int?

    init(limit: Int) { self.limit = limit }

    /// Reads one line; true when the nesting went past the limit on it.
    mutating func consume(_ line: Substring.UTF8View.SubSequence) -> Bool {
        let bytes = Array(line)
        var i = 0
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
        let indent = i
        let blank = i == bytes.count || bytes[i] == UInt8(ascii: "#") || bytes[i] == UInt8(ascii: "\r")
        if let parent = blockScalarParent {
            if blank || indent > parent { return false }
            blockScalarParent = nil
        }
        if blank && openQuote == nil { return false }
        if flow == 0 && openQuote == nil {
            while let top = indents.last, top > indent { indents.removeLast() }
            if indents.last != indent { indents.append(indent) }
        }
        var compact = 0
        var valueStart = openQuote == nil
        while i < bytes.count {
            let c = bytes[i]
            if let quote = openQuote {
                if c == NestingScan.backslash && quote == NestingScan.doubleQuote { i += 2; continue }
                if c == quote { openQuote = nil }
                i += 1
                continue
            }
            let next = i + 1 < bytes.count ? bytes[i + 1] : UInt8(ascii: " ")
            let spaceNext = next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\r")
            let previous = i > 0 ? bytes[i - 1] : UInt8(ascii: " ")
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { i += 1; continue }
            if flow == 0 && spaceNext && (c == UInt8(ascii: "-") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":")) {
                if c != UInt8(ascii: ":") && valueStart { compact += 1 }
                valueStart = true
                i += 1
                continue
            }
            if c == UInt8(ascii: "#") && (previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t")) { break }
            if c == NestingScan.doubleQuote || c == NestingScan.singleQuote {
                if valueStart || Self.opensToken(previous) { openQuote = c }
            } else if c == NestingScan.openBracket || c == NestingScan.openBrace {
                if flow > 0 || valueStart {
                    flow += 1
                    if indents.count + compact + flow > limit { return true }
                }
            } else if c == NestingScan.closeBracket || c == NestingScan.closeBrace {
                if flow > 0 { flow -= 1 }
            } else if (c == UInt8(ascii: "|") || c == UInt8(ascii: ">")) && valueStart && flow == 0 {
                blockScalarParent = indent
                break
            }
            valueStart = flow > 0 && (c == UInt8(ascii: ",") || c == NestingScan.openBracket || c == NestingScan.openBrace)
            i += 1
        }
        return indents.count + compact + flow > limit
    }

    /// Whether a quote after `byte` starts a quoted scalar (rather than being an apostrophe inside plain text).
    private static func opensToken(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ",")
            || byte == NestingScan.openBracket || byte == NestingScan.openBrace
    }
}

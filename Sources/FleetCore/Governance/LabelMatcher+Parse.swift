extension LabelMatcher {
    /// Parses one matcher as Alertmanager and amtool write it: `alertname=IdleGPU`, `team != nlp`,
    /// `severity=~"warning|critical"`; values (and names) may be double-quoted with `\"`, `\\`, `\n` escapes.
    public static func parse(_ text: String) -> Result<LabelMatcher, MatcherError> {
        switch parseList(text) {
        case .failure(let error): return .failure(error)
        case .success(let list) where list.count == 1: return .success(list[0])
        case .success(let list):
            return .failure(MatcherError("\(quoted(text)): expected one matcher, found \(list.count) (quote values containing commas)"))
        }
    }

    /// Parses a comma-separated list of matchers, optionally in braces: `{alertname="IdleGPU", team=~"nlp|cv"}`.
    public static func parseList(_ text: String) -> Result<[LabelMatcher], MatcherError> {
        var body = Substring(text).trimmingSpaces
        if body.first == "{" {
            guard body.last == "}", body.count >= 2 else { return .failure(MatcherError("\(quoted(text)): missing closing '}'")) }
            body = body.dropFirst().dropLast()
        }
        var scanner = MatcherScanner(Array(body.unicodeScalars))
        var out: [LabelMatcher] = []
        repeat {
            do {
                out.append(try scanner.matcher())
            } catch {
                return .failure(MatcherError("\(quoted(text)): \(error.message)"))
            }
        } while scanner.skipComma()
        return .success(out)
    }
}

/// A forward reader of matcher text, one scalar at a time.
private struct MatcherScanner {
    private let scalars: [Unicode.Scalar]
    private var at = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    /// Reads `name op value`, stopping before a `,` that follows an unquoted value or a closing quote.
    mutating func matcher() throws(MatcherError) -> LabelMatcher {
        skipSpaces()
        let name = peek == "\"" ? try quoted() : word()
        guard !name.isEmpty else { throw MatcherError("missing label name") }
        skipSpaces()
        guard let op = readOp() else { throw MatcherError("expected =, !=, =~ or !~ after \(LabelMatcher.quoted(name))") }
        skipSpaces()
        let value = peek == "\"" ? try quoted() : try unquotedValue()
        skipSpaces()
        guard peek == nil || peek == "," else { throw MatcherError("unexpected text after the value of \(LabelMatcher.quoted(name))") }
        return try LabelMatcher(name: name, op: op, value: value)
    }

    /// Consumes a separating comma; false at the end of the text (a trailing comma is allowed, as in Alertmanager).
    mutating func skipComma() -> Bool {
        skipSpaces()
        guard peek == "," else { return false }
        at += 1
        skipSpaces()
        return peek != nil
    }

    private var peek: Unicode.Scalar? { at < scalars.count ? scalars[at] : nil }

    private mutating func skipSpaces() {
        while let c = peek, c.properties.isWhitespace { at += 1 }
    }

    /// An unquoted label name: everything up to a space, operator character, quote or comma.
    private mutating func word() -> String {
        var out = String.UnicodeScalarView()
        while let c = peek, !c.properties.isWhitespace, !"=!~\",{}".unicodeScalars.contains(c) {
            out.append(c)
            at += 1
        }
        return String(out)
    }

    private mutating func readOp() -> LabelMatcher.Op? {
        let next = at + 1 < scalars.count ? scalars[at + 1] : nil
        switch (peek, next) {
        case ("=", "~"): at += 2; return .regex
        case ("!", "="): at += 2; return .notEqual
        case ("!", "~"): at += 2; return .notRegex
        case ("=", _): at += 1; return .equal
        default: return nil
        }
    }

    /// An unquoted value: the text up to the next comma, trailing spaces dropped.
    private mutating func unquotedValue() throws(MatcherError) -> String {
        var out = String.UnicodeScalarView()
        while let c = peek, c != "," {
            if c == "\"" { throw MatcherError("stray quote in an unquoted value") }
            out.append(c)
            at += 1
        }
        return String(String(out)[...].trimmingSpaces)
    }

    /// A double-quoted string; `\"`, `\\`, `\n`, `\t` are unescaped, other backslashes kept (regex classes like `\d`).
    private mutating func quoted() throws(MatcherError) -> String {
        at += 1
        var out = String.UnicodeScalarView()
        while let c = peek {
            at += 1
            if c == "\"" { return String(out) }
            guard c == "\\", let e = peek else { out.append(c); continue }
            at += 1
            switch e {
            case "\"", "\\": out.append(e)
            case "n": out.append("\n")
            case "t": out.append("\t")
            default: out.append(c); out.append(e)
            }
        }
        throw MatcherError("unterminated quoted string")
    }
}

extension Substring {
    /// Without leading and trailing whitespace (Foundation's trimming is not available in the core).
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return s
    }
}

/// A problem in a theme file, located by file and line (line 0 when the file could not be read at all).
public struct ThemeError: Error, Hashable, CustomStringConvertible {
    /// The file (path or name) the error is in.
    public var file: String
    /// 1-based line number, or 0 for whole-file problems.
    public var line: Int
    /// What is wrong, for a human.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, the form editors and terminals recognise as a jump target.
    public var description: String { "\(file):\(line): \(message)" }
}

extension Theme {
    /// Parses theme-file text; roles the file leaves out keep their `builtinDefault` style.
    ///
    /// Themes use their own tiny line-based format rather than JSON or TOML so that every semantic mistake
    /// (unknown role, bad colour, duplicate key) can be reported with its file and line without a dependency.
    public static func parse(_ text: String, name: String, file: String) throws(ThemeError) -> Theme {
        guard text.utf8.count <= ThemeLimits.maxBytes else {
            throw ThemeError(file: file, line: 0, message: "theme file is over \(ThemeLimits.maxBytes / 1024) KiB")
        }
        var parser = ThemeParser(file: file)
        var number = 0
        // Lines one at a time: a split into an array first costs tens of bytes per line before any is checked.
        var rest = Substring(text)
        while !rest.isEmpty || number == 0 {
            number += 1
            guard number <= ThemeLimits.maxLines else {
                throw ThemeError(file: file, line: number, message: "theme file has more than \(ThemeLimits.maxLines) lines")
            }
            let end = rest.firstIndex(where: \.isNewline) ?? rest.endIndex
            let line = rest[..<end]
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
            guard line.utf8.count <= ThemeLimits.maxLineBytes else {
                throw ThemeError(file: file, line: number, message: "line is longer than \(ThemeLimits.maxLineBytes) bytes")
            }
            try parser.consume(line, number: number)
        }
        return Theme(name: name, styles: parser.styles, heatScale: parser.heatScale)
    }
}

/// Caps on theme files: real ones are about a hundred short lines.
public enum ThemeLimits {
    /// Largest theme file read.
    public static let maxBytes = 256 * 1024
    /// Most lines in a theme file.
    public static let maxLines = 5_000
    /// Longest line.
    public static let maxLineBytes = 1_000
    /// Longest piece of a line quoted in an error.
    public static let maxQuoted = 200
}

/// Line-by-line state of one theme-file parse.
private struct ThemeParser {
    /// The sections a theme file may contain.
    enum Section: String {
        case palette, roles, heat
    }

    /// Words that cannot be palette names because role values would become ambiguous.
    static let reservedWords: Set<String> = Set(["on", "default"] + TextAttributes.named.map(\.name))

    let file: String
    var section: Section?
    var palette: [String: Color] = [:]
    var firstLine: [String: Int] = [:]
    var styles: [Role: Style] = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, Theme.builtinDefault.style($0)) })
    var heatScale = Theme.builtinDefault.heatScale

    init(file: String) {
        self.file = file
    }

    /// Handles one line of the file.
    mutating func consume(_ rawLine: Substring, number: Int) throws(ThemeError) {
        let line = Self.stripComment(rawLine).trimmingWhitespace()
        if line.isEmpty { return }
        if line.hasPrefix("[") {
            guard line.hasSuffix("]"), line.count >= 2 else { throw error(number, "malformed section header '\(Self.quote(line))'") }
            let name = line.dropFirst().dropLast().trimmingWhitespace()
            guard let found = Section(rawValue: String(name)) else {
                throw error(number, "unknown section '[\(Self.quote(name))]' (expected [palette], [roles] or [heat])")
            }
            section = found
            return
        }
        guard let equals = line.firstIndex(of: "=") else { throw error(number, "expected 'key = value', found '\(Self.quote(line))'") }
        let key = String(line[..<equals].trimmingWhitespace())
        let value = line[line.index(after: equals)...].trimmingWhitespace()
        guard !key.isEmpty else { throw error(number, "missing key before '='") }
        guard let section else {
            throw error(number, "'\(Self.quote(key))' is outside a section; start with [palette], [roles] or [heat]")
        }
        guard !value.isEmpty else { throw error(number, "missing value for '\(Self.quote(key))'") }
        let qualified = "\(section.rawValue).\(key)"
        if let first = firstLine[qualified] {
            throw error(number, "duplicate key '\(Self.quote(key))' in [\(section.rawValue)] (first set on line \(first))")
        }
        firstLine[qualified] = number
        let words = value.split(whereSeparator: \.isWhitespace).map(String.init)
        switch section {
        case .palette: try definePalette(key, words, number)
        case .roles: try defineRole(key, words, number)
        case .heat: try defineHeat(key, words, number)
        }
    }

    private mutating func definePalette(_ key: String, _ words: [String], _ number: Int) throws(ThemeError) {
        guard key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw error(number, "invalid palette name '\(Self.quote(key))' (use letters, digits, '-' and '_')")
        }
        guard !Self.reservedWords.contains(key) else { throw error(number, "'\(Self.quote(key))' is reserved and cannot name a colour") }
        guard words.count == 1 else { throw error(number, "palette entry '\(Self.quote(key))' needs exactly one colour") }
        palette[key] = try color(words[0], number)
    }

    private mutating func defineRole(_ key: String, _ words: [String], _ number: Int) throws(ThemeError) {
        guard let role = Role(rawValue: key) else {
            throw error(number, "unknown role '\(Self.quote(key))' (known roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var style = Style(fg: try color(words[0], number))
        var rest = words.dropFirst()
        if rest.first == "on" {
            rest = rest.dropFirst()
            guard let background = rest.popFirst() else { throw error(number, "missing background colour after 'on'") }
            style.bg = try color(background, number)
        }
        for word in rest {
            guard let attribute = TextAttributes.named.first(where: { $0.name == word })?.attribute else {
                throw error(number, "unknown attribute '\(Self.quote(word))' (expected bold, dim, underline, reverse or italic)")
            }
            style.attributes.insert(attribute)
        }
        styles[role] = style
    }

    private mutating func defineHeat(_ key: String, _ words: [String], _ number: Int) throws(ThemeError) {
        guard key == "scale" else { throw error(number, "unknown heat key '\(Self.quote(key))' (expected scale)") }
        guard words.count >= 5 else { throw error(number, "heat scale needs at least 5 colours, found \(words.count)") }
        var scale: [Color] = []
        for word in words {
            scale.append(try color(word, number))
        }
        heatScale = scale
    }

    /// Resolves a palette name or a literal colour.
    private func color(_ word: String, _ number: Int) throws(ThemeError) -> Color {
        if let named = palette[word] { return named }
        if let literal = Self.literalColor(word) { return literal }
        throw error(number, "unknown colour '\(Self.quote(word))' (expected a palette name, #rrggbb, 0-255, a colour name or default)")
    }

    /// ANSI names in index order; `bright-` adds 8.
    static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `default`, an ANSI name, `#rrggbb` or a decimal index; nil when the word is none of these.
    static func literalColor(_ word: String) -> Color? {
        if word == "default" { return .terminalDefault }
        if let index = ansiNames.firstIndex(of: word) { return .indexed(UInt8(index)) }
        if word.hasPrefix("bright-"), let index = ansiNames.firstIndex(of: String(word.dropFirst(7))) {
            return .indexed(UInt8(index + 8))
        }
        if word.hasPrefix("#") {
            let hex = word.dropFirst()
            guard hex.count == 6, let value = Int(hex, radix: 16) else { return nil }
            let rgb = Xterm256.RGB(r: (value >> 16) & 0xFF, g: (value >> 8) & 0xFF, b: value & 0xFF)
            return .indexed(Xterm256.index(forHex: rgb))
        }
        if word.allSatisfy(\.isASCII), let index = UInt8(word) { return .indexed(index) }
        return nil
    }

    /// Removes a comment: `#` at the start of the line, or a `#` between whitespace and whitespace/end of line
    /// (so `#rrggbb` colours are never mistaken for comments).
    static func stripComment(_ line: Substring) -> Substring {
        var previous: Character = " "
        var atLineStart = true
        for index in line.indices {
            let character = line[index]
            if character == "#" {
                let next = line.index(after: index)
                if atLineStart || (previous.isWhitespace && (next == line.endIndex || line[next].isWhitespace)) {
                    return line[..<index]
                }
            }
            if !character.isWhitespace { atLineStart = false }
            previous = character
        }
        return line
    }

    /// A piece of the file as quoted in an error: without control characters, at most `ThemeLimits.maxQuoted` long.
    private static func quote(_ text: some StringProtocol) -> String {
        let cut = text.count > ThemeLimits.maxQuoted ? String(text.prefix(ThemeLimits.maxQuoted)) + "…" : String(text)
        return sanitizeForTerminal(cut)
    }

    private func error(_ line: Int, _ message: String) -> ThemeError {
        ThemeError(file: file, line: line, message: message)
    }
}

extension Substring {
    /// The substring without leading and trailing whitespace.
    func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}

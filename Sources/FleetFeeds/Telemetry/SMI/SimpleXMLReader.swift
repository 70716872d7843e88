import FleetCore

/// Receives what `SimpleXMLReader` reads, in document order.
protocol SimpleXMLHandler: AnyObject {
    /// An element opened at `line`.
    func start(_ name: String, line: Int)
    /// Character data (entities decoded; CDATA as is).
    func characters(_ text: String)
    /// An element closed at `line`; return false to stop reading.
    func end(_ name: String, line: Int) -> Bool
}

/// A small XML reader for nvidia-smi's `-q -x` documents: elements, attributes (skipped), text, the five named
/// entities and numeric references, CDATA, comments, processing instructions and a DOCTYPE (skipped).
///
/// Written by hand because FoundationXML on Linux traps on hostile input (an element name that is not UTF-8, a
/// processing instruction without data — both found by fuzzing) and a crash takes the whole dashboard down. It
/// never recurses, caps nesting, and fails with the line of the first thing it cannot read.
struct SimpleXMLReader {
    /// Why reading stopped early, with the line.
    struct Failure: Error, Equatable {
        var line: Int
        var message: String
    }

    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var open: [String] = []

    /// A reader over `bytes`.
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Reads the whole document into `handler`; nil when it was read to the end (or the handler stopped it).
    mutating func read(into handler: SimpleXMLHandler) -> Failure? {
        var sawRoot = false
        while offset < bytes.count {
            if bytes[offset] != UInt8(ascii: "<") {
                let start = offset
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "<") { advance() }
                let raw = bytes[start..<offset]
                if open.isEmpty {
                    if raw.contains(where: { !Self.isSpace($0) }) { return fail("text outside the root element") }
                } else {
                    guard let decoded = Self.decode(raw) else { return fail("a bad entity or character reference") }
                    handler.characters(decoded)
                }
                continue
            }
            if starts(with: "<!--") {
                guard skip(past: "-->") else { return fail("an unterminated comment") }
            } else if starts(with: "<![CDATA[") {
                let start = offset + 9
                guard skip(past: "]]>") else { return fail("an unterminated CDATA section") }
                guard !open.isEmpty else { return fail("CDATA outside the root element") }
                handler.characters(String(decoding: bytes[start..<(offset - 3)], as: UTF8.self))
            } else if starts(with: "<?") {
                guard skip(past: "?>") else { return fail("an unterminated processing instruction") }
            } else if starts(with: "<!") {
                guard skipDeclaration() else { return fail("an unterminated declaration") }
            } else if starts(with: "</") {
                offset += 2
                guard let name = readName() else { return fail("a closing tag without a name") }
                skipSpaces()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ">") else { return fail("'>' expected after </\(name)") }
                offset += 1
                guard open.last == name else { return fail("</\(name)> does not close <\(open.last ?? "")>") }
                open.removeLast()
                if !handler.end(name, line: line) { return nil }
            } else {
                offset += 1
                guard let name = readName() else { return fail("an element without a name") }
                if open.isEmpty, sawRoot { return fail("a second root element <\(name)>") }
                guard open.count < InputLimits.maxNesting else { return fail("nested too deeply") }
                guard let selfClosing = skipAttributes() else { return fail("a malformed tag <\(name)") }
                sawRoot = true
                handler.start(name, line: line)
                if selfClosing {
                    if !handler.end(name, line: line) { return nil }
                } else {
                    open.append(name)
                }
            }
        }
        if let unclosed = open.last { return fail("<\(unclosed)> is never closed") }
        return nil
    }

    // MARK: - Pieces

    private func fail(_ message: String) -> Failure { Failure(line: line, message: message) }

    private mutating func advance() {
        if bytes[offset] == UInt8(ascii: "\n") { line += 1 }
        offset += 1
    }

    private func starts(with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        return (0..<count).allSatisfy { bytes[offset + $0] == prefix.utf8Start[$0] }
    }

    /// Moves past the next `terminator`; false (at the end) when there is none.
    private mutating func skip(past terminator: StaticString) -> Bool {
        while offset < bytes.count {
            if starts(with: terminator) {
                offset += terminator.utf8CodeUnitCount
                return true
            }
            advance()
        }
        return false
    }

    /// Skips `<!DOCTYPE …>` including an internal subset in brackets (its entities are not defined for the document).
    private mutating func skipDeclaration() -> Bool {
        var brackets = 0
        while offset < bytes.count {
            let c = bytes[offset]
            advance()
            if c == UInt8(ascii: "[") { brackets += 1 }
            if c == UInt8(ascii: "]") { brackets -= 1 }
            if c == UInt8(ascii: ">"), brackets <= 0 { return true }
        }
        return false
    }

    private mutating func skipSpaces() {
        while offset < bytes.count, Self.isSpace(bytes[offset]) { advance() }
    }

    /// An element name (ASCII letters, digits, `_ - . :` and any non-ASCII byte), at most 256 bytes.
    private mutating func readName() -> String? {
        let start = offset
        while offset < bytes.count, offset - start < 256 {
            let c = bytes[offset]
            let ok = (c >= 0x80) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
                || c == UInt8(ascii: ".") || c == UInt8(ascii: ":")
            guard ok else { break }
            offset += 1
        }
        guard offset > start else { return nil }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    /// Skips a tag's attributes up to `>` or `/>`; whether it closed itself, nil when malformed.
    private mutating func skipAttributes() -> Bool? {
        var quote: UInt8?
        while offset < bytes.count {
            let c = bytes[offset]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: "<") {
                return nil
            } else if c == UInt8(ascii: ">") {
                offset += 1
                return false
            } else if c == UInt8(ascii: "/"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: ">") {
                offset += 2
                return true
            }
            advance()
        }
        return nil
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    /// Text with `&lt; &gt; &amp; &quot; &apos; &#N; &#xN;` decoded; nil for an unknown entity or a bad reference.
    static func decode(_ raw: ArraySlice<UInt8>) -> String? {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        var out = String.UnicodeScalarView()
        let text = String(decoding: raw, as: UTF8.self)
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first {
            scalars = scalars.dropFirst()
            guard first == "&" else { out.append(first); continue }
            guard let semicolon = scalars.prefix(12).firstIndex(of: ";") else { return nil }
            let name = String(String.UnicodeScalarView(scalars[..<semicolon]))
            scalars = scalars[scalars.index(after: semicolon)...]
            switch name {
            case "lt": out.append("<")
            case "gt": out.append(">")
            case "amp": out.append("&")
            case "quot": out.append("\"")
            case "apos": out.append("'")
            default:
                let number: UInt32? = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16)
                    : name.hasPrefix("#") ? UInt32(name.dropFirst(), radix: 10) : nil
                guard let number, let scalar = Unicode.Scalar(number) else { return nil }
                out.append(scalar)
            }
        }
        return String(out)
    }
}

/// Where one label's name and value lie in a line (byte offsets, end exclusive).
public struct LabelSpan: Sendable {
    public var nameStart: Int32
    public var nameEnd: Int32
    public var valueStart: Int32
    public var valueEnd: Int32
    /// The value contains backslash escapes and must be unescaped before use.
    public var escaped: Bool
}

/// One parsed sample line. Its buffers are only valid during the `ExpositionSink.sample` call.
public struct ExpositionSample {
    /// The whole line, without its newline.
    public let line: UnsafeBufferPointer<UInt8>
    public let nameEnd: Int
    public let labels: UnsafeBufferPointer<LabelSpan>
    public let value: Double
    /// The optional timestamp as written (milliseconds in format 0.0.4, seconds in OpenMetrics).
    public let timestamp: Double?
    /// 1-based line number in the exposition.
    public let lineNumber: Int

    /// The metric name's bytes.
    public var name: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: line[0..<nameEnd]) }

    /// The metric name as a string.
    public var nameString: String { String(decoding: name, as: UTF8.self) }

    /// The raw (still escaped) bytes of a label's value.
    public func rawValue(_ label: LabelSpan) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[Int(label.valueStart)..<Int(label.valueEnd)])
    }

    /// A label's name as a string.
    public func labelName(_ label: LabelSpan) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: line[Int(label.nameStart)..<Int(label.nameEnd)]), as: UTF8.self)
    }

    /// A label's value, unescaped (`\\`, `\"`, `\n`), or nil if it is not valid UTF-8.
    public func labelValue(_ label: LabelSpan) -> String? {
        let raw = rawValue(label)
        guard label.escaped else { return String(validating: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let b = raw[i]
            if b == UInt8(ascii: "\\"), i + 1 < raw.count {
                let next = raw[i + 1]
                out.append(next == UInt8(ascii: "n") ? UInt8(ascii: "\n") : next)
                i += 2
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// The value of the label with this name, if present and valid.
    public func label(_ name: String) -> String? {
        var key = name
        return key.withUTF8 { wanted in
            for span in labels where Int(span.nameEnd - span.nameStart) == wanted.count {
                if UnsafeBufferPointer(rebasing: line[Int(span.nameStart)..<Int(span.nameEnd)]).elementsEqual(wanted) {
                    return labelValue(span)
                }
            }
            return nil
        }
    }
}

/// Receives the samples of an exposition as they are parsed.
public protocol ExpositionSink {
    /// One well-formed sample line.
    mutating func sample(_ sample: ExpositionSample)
}

/// A problem in an exposition, with the line it was found on.
public struct ExpositionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(message)" }
}

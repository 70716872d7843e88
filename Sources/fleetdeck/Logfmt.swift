import FleetTUI
import Foundation
import Logging

/// A swift-log handler that writes one logfmt line per message (`ts=… level=… msg=… key=value …`) to stderr.
///
/// Values come from feeds, files and errors: escape sequences are dropped and other control characters escaped, so a
/// line can neither move a terminal's cursor nor split into two log records.
struct LogfmtHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    init(label: String) {}

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let text = Self.line(at: Date(), level: event.level, message: event.message.description, metadata: merged)
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// The logfmt line: time, level and message first, then the metadata sorted by key.
    static func line(at date: Date, level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var fields = [("ts", date.ISO8601Format()), ("level", level.rawValue), ("msg", message)]
        fields += metadata.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") }
        return fields.map { "\(key($0.0))=\(value($0.1))" }.joined(separator: " ")
    }

    private static func key(_ text: String) -> String {
        let kept = text.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != "=" && $0 != "\"" }
        return kept.isEmpty ? "_" : String(String.UnicodeScalarView(kept))
    }

    /// `text` cleaned, and quoted when it holds a space, `=` or `"` (or is empty).
    static func value(_ text: String) -> String {
        var out = ""
        var quote = text.isEmpty
        for scalar in sanitizeForTerminal(text).unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""; quote = true
            case "\\": out += "\\\\"
            case " ", "=": out.unicodeScalars.append(scalar); quote = true
            default:
                if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return quote ? "\"\(out)\"" : out
    }
}

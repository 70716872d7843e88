/// Reading single nvidia-smi values ("45 %", "70.50 W", "[N/A]", "Active"), shared by the CSV and XML parsers.
enum SMIValue {
    /// What a cell holds once the "not available" markers are taken out.
    enum Cell<T> {
        /// The value.
        case value(T)
        /// The driver said the value is not available ("[N/A]", "[Not Supported]", …).
        case unavailable
        /// Text that is neither a value nor a known marker.
        case unreadable
    }

    /// Markers nvidia-smi prints instead of a value, lowercased, brackets removed.
    private static let unavailableMarkers: Set<String> = [
        "", "n/a", "na", "not supported", "unknown error", "insufficient permissions",
        "requested functionality has been deprecated", "not available", "gpu is lost", "gpu requires reset",
        "not found", "no data",
    ]

    /// Whether `text` is one of nvidia-smi's "no value" markers; any "[…]" text counts.
    static func isUnavailable(_ text: Substring) -> Bool {
        if text.hasPrefix("["), text.hasSuffix("]") { return true }
        return unavailableMarkers.contains(text.lowercased())
    }

    /// A number with an optional unit after it ("1234 MiB", "70.50 W", "27 C", "42").
    static func number(_ raw: Substring) -> Cell<Double> {
        let text = trimmed(raw)
        if isUnavailable(text) { return .unavailable }
        let token = text.prefix { $0 != " " }
        let rest = text.dropFirst(token.count).drop { $0 == " " }
        // The rest may only be a unit: letters, % or /s, never another number.
        guard rest.allSatisfy({ $0.isLetter || $0 == "%" || $0 == "/" }),
              let value = Double(String(token)), value.isFinite else { return .unreadable }
        return .value(value)
    }

    /// An on/off flag: "Active"/"Yes"/"Enabled"/"True" or "Not Active"/"No"/"Disabled"/"False".
    static func flag(_ raw: Substring) -> Cell<Bool> {
        let text = trimmed(raw)
        if isUnavailable(text) { return .unavailable }
        switch text.lowercased() {
        case "active", "yes", "enabled", "true", "on": return .value(true)
        case "not active", "no", "disabled", "false", "off": return .value(false)
        default: return .unreadable
        }
    }

    /// `raw` without leading and trailing spaces, tabs and line breaks.
    static func trimmed(_ raw: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
        guard let first = raw.firstIndex(where: { !isSpace($0) }),
              let last = raw.lastIndex(where: { !isSpace($0) }) else { return raw[raw.endIndex...] }
        return raw[first...last]
    }
}

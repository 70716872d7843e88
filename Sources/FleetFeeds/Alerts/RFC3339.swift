import FleetCore

/// RFC 3339 timestamps as Alertmanager writes them (Go's `time.RFC3339Nano`), read without Foundation's formatters,
/// which reject fractions longer than milliseconds on some platforms and numeric offsets on others.
enum RFC3339 {
    /// Go's zero `time.Time` (0001-01-01T00:00:00Z), which Alertmanager sends for "no end".
    static let goZeroTime = Double(UTCCalendar.days(year: 1, month: 1, day: 1)) * 86_400

    /// Epoch seconds of `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, or nil when `text` is not that.
    static func parse(_ text: some StringProtocol) -> Double? {
        let b = Array(text.utf8)
        var at = 0
        /// The `count`-digit number at `at`, consumed.
        func digits(_ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for i in at..<at + count {
                let d = Int(b[i]) - 48
                guard (0...9).contains(d) else { return nil }
                value = value * 10 + d
            }
            at += count
            return value
        }
        func skip(_ byte: Character, or other: Character? = nil) -> Bool {
            guard at < b.count, b[at] == byte.asciiValue || (other != nil && b[at] == other?.asciiValue) else { return false }
            at += 1
            return true
        }
        guard let year = digits(4), skip("-"), let month = digits(2), skip("-"), let day = digits(2),
              skip("T", or: "t"), let hour = digits(2), skip(":"), let minute = digits(2), skip(":"),
              let second = digits(2) else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60,
              second <= 60 else { return nil }
        var fraction = 0.0
        if skip(".") {
            // Any number of digits; nanoseconds are as fine as a Double of epoch seconds can hold anyway.
            var nanos = 0, scale = 1_000_000_000
            let start = at
            while at < b.count, (48...57).contains(b[at]) {
                if scale > 1 { scale /= 10; nanos += Int(b[at] - 48) * scale }
                at += 1
            }
            guard at > start else { return nil }
            fraction = Double(nanos) / 1e9
        }
        var offset = 0
        if !skip("Z", or: "z") {
            guard at < b.count, b[at] == UInt8(ascii: "+") || b[at] == UInt8(ascii: "-") else { return nil }
            let sign = b[at] == UInt8(ascii: "-") ? -1 : 1
            at += 1
            guard let oh = digits(2), skip(":"), let om = digits(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        }
        guard at == b.count else { return nil }
        let days = UTCCalendar.days(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

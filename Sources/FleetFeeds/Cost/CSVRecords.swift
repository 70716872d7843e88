/// RFC 4180 CSV: quoted fields with commas, doubled quotes and newlines; CRLF or LF rows. Each record carries the
/// line it starts on, for error messages.
enum CSVRecords {
    /// The records of `text`, with their 1-based starting line; an unterminated quote is an error at its line.
    static func parse(_ text: String) -> (records: [(line: Int, fields: [String])], error: SchedulerParseError?) {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false, fieldWasQuoted = false
        var line = 1, recordLine = 1
        var chars = Array(text.unicodeScalars)[...]
        func endField() {
            fields.append(field)
            field = ""
            fieldWasQuoted = false
        }
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
            case ",": endField()
            case "\r": continue
            case "\n":
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                line += 1
                recordLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if inQuotes { return (records, SchedulerParseError(line: recordLine, message: "unterminated quoted field")) }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            records.append((recordLine, fields))
        }
        return (records, nil)
    }
}

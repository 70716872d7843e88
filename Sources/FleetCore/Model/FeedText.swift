/// Cleaning of text that arrives from feeds before it enters the state (and so, later, the terminal).
public enum FeedText {
    /// Longest feed string kept; longer ones are cut with an ellipsis.
    public static let maxLength = 256

    /// `text` without control characters (C0, DEL, C1; tabs and newlines become spaces), cut to `maxLength`.
    public static func clean(_ text: some StringProtocol) -> String {
        var scalars = String.UnicodeScalarView()
        var count = 0
        for s in text.unicodeScalars {
            if count == maxLength { scalars.append("…"); break }
            switch s.value {
            case 0x09, 0x0A, 0x0D: scalars.append(" ")
            case 0..<0x20, 0x7F..<0xA0: continue
            default: scalars.append(s)
            }
            count += 1
        }
        return String(scalars)
    }
}

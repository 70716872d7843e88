/// Text from feeds made safe to draw: escape sequences (CSI, OSC, DCS, SOS, PM, APC and two-byte ESC forms, in their
/// 7-bit and C1 spellings) are removed whole, tabs and line breaks become spaces, and every other C0/C1 control, DEL
/// and bidirectional override is dropped, so a job name can never move the cursor, retitle the window or reorder a row.
public func sanitizeForTerminal(_ s: String) -> String {
    // Most feed text is clean; returning it untouched avoids an allocation per string.
    guard s.unicodeScalars.contains(where: needsSanitizing) else { return s }
    var output = String.UnicodeScalarView()
    var state = SanitizerState.text
    for scalar in s.unicodeScalars {
        state = state.consume(scalar, into: &output)
    }
    return String(output)
}

/// True for scalars that are controls, DEL or bidirectional formatting characters.
private func needsSanitizing(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return v < 0x20 || (v >= 0x7F && v < 0xA0) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
}

/// Where the sanitizer is inside a (possible) escape sequence.
private enum SanitizerState {
    case text
    case escape
    case escapeIntermediate
    case controlSequence
    case controlString
    case controlStringEscape

    private static let esc: UInt32 = 0x1B

    /// Handles one scalar, appending it to `output` when it is visible text, and returns the next state.
    func consume(_ scalar: Unicode.Scalar, into output: inout String.UnicodeScalarView) -> SanitizerState {
        let v = scalar.value
        switch self {
        case .text:
            return Self.text(scalar, into: &output)
        case .escape:
            switch v {
            case 0x5B: return .controlSequence                       // ESC [
            case 0x5D, 0x50, 0x58, 0x5E, 0x5F: return .controlString  // ESC ] P X ^ _
            case Self.esc: return .escape
            case 0x20...0x2F: return .escapeIntermediate
            case 0x30...0x7E: return .text
            default: return Self.text(scalar, into: &output)
            }
        case .escapeIntermediate:
            switch v {
            case 0x20...0x2F: return .escapeIntermediate
            case 0x30...0x7E: return .text
            default: return Self.text(scalar, into: &output)
            }
        case .controlSequence:
            switch v {
            case 0x20...0x3F: return .controlSequence
            case 0x40...0x7E: return .text
            default: return Self.text(scalar, into: &output)
            }
        case .controlString:
            switch v {
            case 0x07, 0x9C: return .text
            case Self.esc: return .controlStringEscape
            default: return .controlString
            }
        case .controlStringEscape:
            return v == 0x5C ? .text : .controlString              // ESC \ is the string terminator
        }
    }

    /// Handles a scalar outside any escape sequence.
    private static func text(_ scalar: Unicode.Scalar, into output: inout String.UnicodeScalarView) -> SanitizerState {
        switch scalar.value {
        case esc: return .escape
        case 0x9B: return .controlSequence
        case 0x90, 0x98, 0x9D, 0x9E, 0x9F: return .controlString
        case 0x09...0x0D: output.append(" ")
        default: if !needsSanitizing(scalar) { output.append(scalar) }
        }
        return .text
    }
}

import Testing
import FleetTUI

@Suite struct SanitizeTests {
    @Test func cleanTextIsUnchanged() {
        #expect(sanitizeForTerminal("train-llm-7b 中文 🚀") == "train-llm-7b 中文 🚀")
    }

    @Test func csiSequencesAreRemovedWhole() {
        #expect(sanitizeForTerminal("\u{1B}[31mred\u{1B}[0m") == "red")
        #expect(sanitizeForTerminal("a\u{1B}[2J\u{1B}[1;1Hb") == "ab")
        #expect(sanitizeForTerminal("a\u{9B}31mb") == "ab")
    }

    @Test func oscAndOtherStringsAreRemovedWhole() {
        #expect(sanitizeForTerminal("x\u{1B}]0;pwned\u{7}y") == "xy")
        #expect(sanitizeForTerminal("x\u{1B}]8;;http://e.vil\u{1B}\\link\u{1B}]8;;\u{1B}\\y") == "xlinky")
        #expect(sanitizeForTerminal("x\u{1B}Pdata\u{1B}\\y") == "xy")
        #expect(sanitizeForTerminal("x\u{9D}title\u{9C}y") == "xy")
        // An unterminated string would swallow the rest on a real terminal, so it is dropped here too.
        #expect(sanitizeForTerminal("x\u{1B}]0;never ends") == "x")
    }

    @Test func twoByteEscapesAreRemoved() {
        #expect(sanitizeForTerminal("a\u{1B}cb") == "ab")
        #expect(sanitizeForTerminal("a\u{1B}(Bb") == "ab")
    }

    @Test func controlsAreDroppedAndWhitespaceBecomesSpace() {
        #expect(sanitizeForTerminal("a\tb\nc\r\nd") == "a b c  d")
        #expect(sanitizeForTerminal("a\u{7}\u{0}\u{7F}\u{85}b") == "ab")
    }

    @Test func bidiOverridesAreDropped() {
        #expect(sanitizeForTerminal("job\u{202E}gpj.exe") == "jobgpj.exe")
        #expect(sanitizeForTerminal("a\u{2066}b\u{2069}") == "ab")
    }

    @Test func resultHasNoControls() {
        let every = (0..<0xA0).compactMap(Unicode.Scalar.init).map(String.init).joined()
        let clean = sanitizeForTerminal(every)
        #expect(clean.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F..<0xA0).contains($0.value) })
        #expect(clean.contains("ABCDEFG"))
    }
}

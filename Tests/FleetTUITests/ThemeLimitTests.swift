import Testing
import FleetTUI

/// Theme files past their caps are refused with a short error; input quoted in errors is cut and cleaned.
@Suite struct ThemeLimitTests {
    func failure(_ text: String) -> ThemeError? {
        do throws(ThemeError) {
            _ = try Theme.parse(text, name: "test", file: "test.theme")
            return nil
        } catch {
            return error
        }
    }

    @Test func aLongValueIsQuotedAtMost200Characters() {
        let error = failure("[roles]\nok = " + String(repeating: "x", count: 900) + "\u{1B}]0;t\u{07}\n")
        #expect(error?.line == 2)
        #expect((error?.message.count ?? .max) < 320)
        #expect(error?.message.contains("…") == true)
        #expect(error?.description.contains("\u{1B}") == false)
        let escaped = failure("[roles]\nok = red\u{1B}[2J\n")
        #expect(escaped?.description.contains("\u{1B}") == false)
    }

    @Test func tooLongLinesTooManyLinesAndTooLargeFilesAreRefused() {
        #expect(failure("[roles]\nok = " + String(repeating: "r", count: 2_000))?.message == "line is longer than 1000 bytes")
        let lines = failure(String(repeating: "# c\n", count: 6_000))
        #expect(lines?.line == 5_001)
        #expect(lines?.message == "theme file has more than 5000 lines")
        #expect(failure(String(repeating: "#", count: 300 * 1024))?.message == "theme file is over 256 KiB")
    }
}

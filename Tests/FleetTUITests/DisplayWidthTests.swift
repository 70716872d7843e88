import Testing
@testable import FleetTUI

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnEach() {
        #expect(displayWidth("hello") == 5)
        #expect(displayWidth("") == 0)
    }

    @Test func cjkAndFullwidthAreTwoColumns() {
        #expect(displayWidth(of: "中") == 2)
        #expect(displayWidth("日本語") == 6)
        #expect(displayWidth(of: "한") == 2)
        #expect(displayWidth(of: "Ａ") == 2)
        #expect(displayWidth(of: "\u{3000}") == 2)
    }

    @Test func emojiPresentationIsTwoColumns() {
        #expect(displayWidth(of: "🚀") == 2)
        #expect(displayWidth(of: "😀") == 2)
        #expect(displayWidth(of: "⌛") == 2)
        // Text-presentation symbols stay narrow.
        #expect(displayWidth(of: "✓") == 1)
        #expect(displayWidth(of: "█") == 1)
    }

    @Test func combiningAndZeroWidthScalarsTakeNoColumn() {
        #expect(displayWidth(of: "\u{301}") == 0)
        #expect(displayWidth("e\u{301}") == 1)
        #expect(displayWidth(of: "\u{200D}") == 0)
        #expect(displayWidth(of: "\u{FE0F}") == 0)
        #expect(displayWidth(of: "\u{200B}") == 0)
        #expect(displayWidth("👩\u{200D}💻") == 4)
    }

    @Test func controlsTakeNoColumn() {
        #expect(displayWidth(of: "\u{7}") == 0)
        #expect(displayWidth(of: "\u{1B}") == 0)
        #expect(displayWidth(of: "\u{7F}") == 0)
        #expect(displayWidth(of: "\u{9B}") == 0)
        #expect(displayWidth(of: "\u{A0}") == 1)
    }

    @Test func truncateAddsEllipsisOnlyWhenCut() {
        #expect(truncate("hello", toWidth: 5) == "hello")
        #expect(truncate("hello world", toWidth: 5) == "hell…")
        #expect(truncate("hello", toWidth: 1) == "…")
        #expect(truncate("hello", toWidth: 0) == "")
        #expect(truncate("hello", toWidth: -3) == "")
    }

    @Test func truncateNeverSplitsWideCharacters() {
        let cut = truncate("中文字", toWidth: 4)
        #expect(cut == "中…")
        #expect(displayWidth(cut) <= 4)
        #expect(truncate("中文字", toWidth: 5) == "中文…")
    }

    @Test func padFitsExactly() {
        #expect(pad("ab", toWidth: 5, alignment: .left) == "ab   ")
        #expect(pad("ab", toWidth: 5, alignment: .right) == "   ab")
        #expect(pad("ab", toWidth: 5, alignment: .center) == " ab  ")
        #expect(pad("abcdef", toWidth: 4, alignment: .right) == "abc…")
        #expect(pad("中文字", toWidth: 4, alignment: .left) == "中… ")
        #expect(displayWidth(pad("中文字", toWidth: 4, alignment: .center)) == 4)
        #expect(pad("x", toWidth: 0, alignment: .left) == "")
    }
}

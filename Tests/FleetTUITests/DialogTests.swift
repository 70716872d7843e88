import Testing
import FleetTUI

@Suite struct DialogTests {
    let theme = Theme.builtinDefault
    let dialog = Dialog(title: "Approve?", body: ["Raise quota for team-a", "by 16 GPUs"], buttons: ["Yes", "No"],
                        defaultButton: 1)

    @Test func isCentredWithBorderBodyAndButtons() {
        var buffer = CellBuffer(width: 40, height: 12)
        let rect = dialog.draw(into: &buffer, in: buffer.bounds, theme: theme)
        // Widest line is 22 columns, plus padding and border: 26 × 6.
        #expect(rect == Rect(x: 7, y: 3, width: 26, height: 6))
        let lines = buffer.lines()
        #expect(lines[3] == "       ┌─ Approve? ─────────────┐       ")
        #expect(lines[4] == "       │ Raise quota for team-a │       ")
        #expect(lines[5] == "       │ by 16 GPUs             │       ")
        #expect(lines[6] == "       │                        │       ")
        #expect(lines[7] == "       │      Yes    [ No ]     │       ")
        #expect(lines[8] == "       └────────────────────────┘       ")
        #expect(buffer[x: 7, y: 3].style == theme.style(.dialogBorder))
        #expect(buffer[x: 9, y: 4].style == theme.style(.dialog))
        #expect(buffer[x: 21, y: 7].style == theme.style(.dialog).adding(.bold))
        #expect(buffer[x: 13, y: 7].style == theme.style(.dialog))
    }

    @Test func bodyIsCutBeforeButtonsWhenShort() {
        var buffer = CellBuffer(width: 40, height: 4)
        let rect = dialog.draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(rect.height == 4)
        let lines = buffer.lines()
        #expect(lines[1].contains("Raise quota"))
        #expect(lines[2].contains("[ No ]"))
    }

    @Test func narrowDialogsTruncate() {
        var buffer = CellBuffer(width: 14, height: 8)
        let rect = dialog.draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(rect == Rect(x: 0, y: 1, width: 14, height: 6))
        #expect(buffer.lines()[2] == "│ Raise quo… │")
    }

    @Test func tinyBuffersDoNotCrashAndStayInside() {
        for w in 0...6 {
            for h in 0...6 {
                var buffer = CellBuffer(width: w, height: h)
                let rect = dialog.draw(into: &buffer, in: buffer.bounds, theme: theme)
                #expect(buffer.bounds.intersection(rect) == rect, "\(w)x\(h)")
            }
        }
        var buffer = CellBuffer(width: 3, height: 3)
        dialog.draw(into: &buffer, in: Rect(x: -10, y: -10, width: 100, height: 100), theme: theme)
        Dialog(title: "", body: [], buttons: [], defaultButton: 3).draw(into: &buffer, in: buffer.bounds, theme: theme)
    }
}

import FleetCore
import FleetTUI
import Testing
@testable import FleetPanes

/// Sorting reads the typed keys the rows were built with, never their display text.
@Suite struct ListSortTests {
    static let columns = [ListColumn("NAME", .text, width: .fixed(8)), ListColumn("VALUE", .money, width: .fixed(8)),
                          ListColumn("AGE", .duration, width: .fixed(8)), ListColumn("SHARE", .number, width: .fixed(8))]

    /// A row `id` with a money, a duration and a percentage field built from model values.
    func row(_ id: String, money: Double?, seconds: Double?, share: Double? = nil) -> ListRow {
        ListRow(id: id, [.text(id), .money(money), .duration(seconds), .percent(share, digits: 0)])
    }

    func ids(_ rows: [ListRow], column: Int, descending: Bool) -> [String] {
        ListSort.apply(ListSort(column: column, descending: descending), to: rows, columns: Self.columns).map(\.id)
    }

    @Test func moneySortsByDollarsWhateverTheTextSays() {
        // "$9.5k" and "$1.50M" read as text would sort apart from "$10.00": the keys are dollars.
        let rows = [
            ListRow(id: "k", [.text("k"), ListField(TableCell("$9.5k"), .money(9500)), .duration(nil), .percent(nil, digits: 0)]),
            row("ten", money: 10, seconds: nil), row("m", money: 1_500_000, seconds: nil), row("none", money: nil, seconds: nil),
            row("cents", money: 0.5, seconds: nil),
        ]
        #expect(ids(rows, column: 1, descending: false) == ["cents", "ten", "k", "m", "none"])
        #expect(ids(rows, column: 1, descending: true) == ["m", "k", "ten", "cents", "none"])
    }

    @Test func durationsSortBySecondsIncludingOverdue() {
        // "59m" < "1h00m" < "2d04h"; an overdue deadline (negative, shown "-5m") comes before every one still to come.
        let rows = [row("hour", money: nil, seconds: 3600), row("overdue", money: nil, seconds: -300),
                    row("days", money: nil, seconds: 187_200), row("none", money: nil, seconds: nil),
                    row("59m", money: nil, seconds: 3540)]
        #expect(rows.map { $0.cells[2].text } == ["1h00m", "0s", "2d04h", "—", "59m"])
        #expect(ids(rows, column: 2, descending: false) == ["overdue", "59m", "hour", "days", "none"])
        #expect(ids(rows, column: 2, descending: true) == ["days", "hour", "59m", "overdue", "none"])
    }

    @Test func percentSortsByFractionAndMissingGoesLastBothWays() {
        let rows = [row("a", money: nil, seconds: nil, share: 0.09), row("b", money: nil, seconds: nil, share: nil),
                    row("c", money: nil, seconds: nil, share: 1.2), row("d", money: nil, seconds: nil, share: 0.1),
                    row("e", money: nil, seconds: nil, share: .nan)]
        #expect(ids(rows, column: 3, descending: false) == ["a", "d", "c", "b", "e"])
        #expect(ids(rows, column: 3, descending: true) == ["c", "d", "a", "b", "e"])
    }

    @Test func displayTextIsNeverRead() {
        // Cells say the opposite of the keys: the keys decide.
        let rows = [ListRow(id: "x", [ListField(TableCell("a"), .text("zeta")), ListField(TableCell("$1"), .money(3))]),
                    ListRow(id: "y", [ListField(TableCell("z"), .text("Alpha")), ListField(TableCell("$3"), .money(1))])]
        #expect(ids(rows, column: 0, descending: false) == ["y", "x"])
        #expect(ids(rows, column: 1, descending: false) == ["y", "x"])
    }

    @Test func textComparesAsPeopleReadAndTiesKeepTheirOrder() {
        let rows = ["node-10", "Node-2", "node-1", "node-10"].enumerated().map { i, name in
            ListRow(id: "\(i)", [.text(name), .money(nil), .duration(nil), .percent(nil, digits: 0)])
        }
        #expect(ids(rows, column: 0, descending: false) == ["2", "1", "0", "3"])
        #expect(ids(rows, column: 0, descending: true) == ["0", "3", "1", "2"])
    }

    @Test func aKeyOfAnotherTypeSortsAsMissing() {
        let rows = [ListRow(id: "wrong", [.text("w"), ListField(TableCell("5"), .number(5))]),
                    ListRow(id: "right", [.text("r"), .money(7)])]
        #expect(ids(rows, column: 1, descending: true) == ["right", "wrong"])
        #expect(ids(rows, column: 1, descending: false) == ["right", "wrong"])
    }

    /// Every pane's rows carry one key per column, of the column's type (or missing).
    @Test(arguments: Pane.allCases.filter(\.isList))
    func everyPaneKeysMatchItsColumnTypes(_ pane: Pane) throws {
        let c = try GoldenFrameTests.context(theme: "default")
        let definition = pane.definition
        let rows = definition.rows(ui: UIState(pane: pane), ctx: c)
        for row in rows {
            #expect(row.keys.count == definition.columns.count, "\(pane) row \(row.id)")
            for (key, column) in zip(row.keys, definition.columns) where key != .missing {
                #expect(key.type == column.type, "\(pane) \(column.table.title) of \(row.id): \(key)")
            }
        }
    }
}

@testable import FleetCore
import Testing
@testable import FleetPanes

/// The teams pane, the overview and the alerts read one budget level.
@Suite struct BudgetJudgmentTests {
    func status(_ level: BudgetLevel, projected: Double = 0.5) -> BudgetStatus {
        BudgetStatus(team: "t", level: level, used: 0.5, projected: projected, thresholds: BudgetThresholds())
    }

    @Test func flagPerLevel() {
        #expect(TeamsPane.budgetFlag(status(.over)) == "OVER BUDGET")
        #expect(TeamsPane.budgetFlag(status(.throttle)) == "BUDGET THROTTLE")
        #expect(TeamsPane.budgetFlag(status(.warn)) == "budget warn")
        #expect(TeamsPane.budgetFlag(status(.ok, projected: 1.2)) == "proj. over")
        #expect(TeamsPane.budgetFlag(status(.ok)) == nil)
    }

    @Test func teamsFlagExactlyTheTeamsTheBudgetAlertNames() throws {
        var c = try GoldenFrameTests.context(theme: "default")
        // One team at 85 % of its budget (warn at 80 %), one past it: both flagged, both alerted.
        let spenders = c.state.teamUsage.indices.filter { c.state.teamUsage[$0].monthToDateCost > 0 && c.state.org.teams[$0].hasLimits }
        try #require(spenders.count >= 2)
        c.state.org.teams[spenders[0]].monthlyBudget = c.state.teamUsage[spenders[0]].monthToDateCost / 0.85
        c.state.org.teams[spenders[1]].monthlyBudget = c.state.teamUsage[spenders[1]].monthToDateCost / 1.1
        c.kpis = FleetKPIs.derive(from: c.state, wallNow: c.wallNow)
        let alerted = Set(c.kpis.alerts.filter { $0.rule == .budget }.map(\.subject))
        let flagged = Set(TeamsPane.rows(ui: UIState(pane: .teams), ctx: c).filter { row in
            ["OVER BUDGET", "BUDGET THROTTLE", "budget warn"].contains { row.cells[6].text.contains($0) }
        }.map(\.id))
        #expect(alerted.isSuperset(of: [spenders[0], spenders[1]].map { c.state.org.teams[$0].name }))
        #expect(flagged == alerted)
    }
}

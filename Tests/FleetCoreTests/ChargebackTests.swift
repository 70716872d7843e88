import Testing
import FleetCore
@testable import FleetFeeds

@Suite("Chargeback")
struct ChargebackTests {
    @Test("the month's chargeback per team equals the month-to-date cost accrued by the reducer")
    func agreesWithAccrual() {
        let sim = FleetSimulator(config: SimulatorConfig(seed: 5, gpuCount: 128, teamCount: 4))
        var state = FleetState()
        state.apply(sim.genesis())
        sim.run(&state, until: sim.config.epoch + 6 * 3600)
        let minute = (state.now / 60).rounded(.up) * 60 + 60
        state.apply(.clock(at: minute))  // accrue every team exactly up to now
        let start = UTCCalendar.monthStart(containing: state.now)
        let lines = Chargeback.lines(state, from: start, to: UTCCalendar.nextMonthStart(after: start))
        #expect(!lines.isEmpty)
        for (i, team) in state.org.teams.enumerated() {
            let billed = lines.filter { $0.team == team.name }.reduce(0) { $0 + $1.cost }
            let accrued = state.teamUsage[i].monthToDateCost
            #expect(abs(billed - accrued) <= max(0.01, accrued * 1e-6), "\(team.name): chargeback \(billed), accrued \(accrued)")
        }
        #expect(state.costLedger?.lines.isEmpty == false)
    }

    @Test("a job across midnight is split by day; unpriced GPUs count hours, not dollars")
    func ledgerSplits() {
        var state = Fixture.state()
        let t0 = Fixture.t0  // midnight
        state.apply(Fixture.submit("a", gpus: 2, at: t0 + 82_800))
        state.apply(.jobStarted(id: "a", at: t0 + 82_800, gpus: [0, 1]))
        state.apply(.jobEnded(id: "a", at: t0 + 90_000, outcome: .completed))
        let days = (state.costLedger?.lines ?? [:]).sorted { $0.key.day < $1.key.day }
        #expect(days.map(\.value.gpuHours) == [2, 2])
        #expect(days.map(\.value.cost) == [4, 4])
        let october = Chargeback.lines(state, from: t0 - 86_400 * 30, to: t0)
        #expect(october.isEmpty)
    }
}

import FleetCore
import FleetFeeds
import FleetTUI
import Foundation
import Testing
@testable import FleetPanes

/// A policy with the most extreme values `policy check` accepts must never trap later: KPIs, alerts, every pane and
/// its JSON are computed with them.
@Suite struct ExtremePolicyTests {
    /// The golden fleet's teams, models and regions under a policy at the edges of every cap.
    static func policy(for s: FleetState) -> String {
        let teams = s.org.teams.enumerated().map { i, team in
            let budget = i % 2 == 0 ? "1" : "1000000000000"
            return "      - {name: \(team.name), budget: {monthly: \(budget), warn_at: 0, throttle_at: 10}, "
                + "quota: [{nominal: 100000, borrowing_limit: 100000}], fair_share_weight: 1000000, "
                + "gpu_hours: {grant: \(i % 2 == 0 ? "0" : "1000000000000")}}"
        }
        let regions = Set(s.fleet.clusters.map(\.region)).sorted()
        let prices = s.fleet.models.flatMap { m in
            regions.flatMap { r in
                PurchaseOption.allCases.map { "  - {model: \(m.name), purchase: \($0.rawValue), region: \(r), per_gpu_hour: 10000, term: 10y}" }
            }
        }
        let classes = s.priorityClasses.enumerated().map { i, c in
            "  - {name: \(c.name), rank: \(i == 0 ? 1000 : i), queue_wait_sla: \(i % 2 == 0 ? "365d" : "0s")}"
        }
        return (["organisation: extreme", "departments:", "  - name: all", "    teams:"] + teams
            + ["priority_classes:"] + classes + ["prices:"] + prices
            + ["thresholds: {idle_utilisation_percent: 100, idle_window: 365d, queue_wait_window: 0s}",
               "governance: {two_approvers_above: {gpu_hours: 1000000000000, dollars: 1000000000000}, decision_sla: {critical: 365d}}"])
            .joined(separator: "\n")
    }

    @Test func extremeButAcceptedPolicyDerivesAndComposesEveryPane() throws {
        var s = GoldenFrameTests.state
        let loaded = try PolicyFile.parse(Self.policy(for: s), file: "extreme.yaml").get()
        s.apply(.orgDefined(loaded.org))
        s.apply(.policyDefined(loaded.policy))
        let simulator = FleetSimulator(config: SimulatorConfig(seed: 42))
        simulator.run(&s, until: s.now + 3 * 3600)
        let kpis = FleetKPIs.derive(from: s, wallNow: s.now)
        #expect(!kpis.alerts.isEmpty)
        let ctx = FrameContext(state: s, kpis: kpis, theme: Theme.builtinDefault, wallNow: s.now,
                               role: "writer", readOnly: false, simulationSpeed: 30, notice: nil)
        for pane in Pane.allCases {
            for (width, height) in [(80, 24), (160, 50)] {
                let backend = MemoryBackend(width: width, height: height)
                backend.present(Screen.compose(ui: UIState(pane: pane), ctx: ctx, width: width, height: height))
            }
            #expect(!PaneSnapshot.json(pane: pane, ui: UIState(pane: pane), ctx: ctx).isEmpty)
        }
    }
}

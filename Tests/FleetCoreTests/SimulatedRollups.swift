import FleetCore
@testable import FleetFeeds

/// A simulated fleet observed minute by minute for `hours` fleet hours from its genesis, as the writer observes it:
/// the state reached and the hourly rollups the accumulator closed.
func simulatedRollups(seed: UInt64, gpus: Int, teams: Int, hours: Int) -> (state: FleetState, hours: [KPIRollup]) {
    let sim = FleetSimulator(config: SimulatorConfig(seed: seed, gpuCount: gpus, teamCount: teams))
    var state = FleetState(), acc = KPIRollupAccumulator()
    state.apply(sim.genesis())
    var closed: [KPIRollup] = acc.observe(state)
    let end = sim.config.epoch + Double(hours) * 3600
    var t = state.now
    while t < end {
        t = min(end, (t / 60).rounded(.down) * 60 + 60)
        sim.run(&state, until: t)
        state.apply(.clock(at: t))
        closed += acc.observe(state)
    }
    return (state, closed)
}

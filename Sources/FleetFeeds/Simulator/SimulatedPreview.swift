import FleetCore

extension FleetSimulator {
    /// `state` with every GPU on a node that is not down read at the state's clock, as a tick sampling every GPU would
    /// have read it: a warm-up's copy for the dashboard, taken while the run samples only idling jobs' GPUs, would
    /// otherwise show most GPUs without telemetry and the fleet's utilisation as that of its idle jobs. The readings
    /// come from a random stream of their own and go into the copy only: the warm-up's run is untouched.
    public func sampledEveryGPU(_ state: FleetState) -> FleetState {
        var copy = state
        var rng = SimRandom(seed: config.seed, stream: 0x9E7, index: UInt64(max(0, currentTick(of: state))))
        copy.apply(.telemetry(SimTelemetry(workload: workload).sample(copy, at: copy.now, rng: &rng)))
        return copy
    }
}

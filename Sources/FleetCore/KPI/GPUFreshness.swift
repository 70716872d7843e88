/// When a GPU's telemetry counts as current, and who uses a GPU, shared by every pane that shows per-GPU values.
public enum GPUFreshness {
    /// The clock telemetry ages against: the fleet clock under simulation, the wall clock when a live telemetry feed
    /// reports (a stalled live source sends no events, so the fleet clock would stand still with it).
    public static func reference(_ state: FleetState, wallNow: Double) -> Double {
        let live = state.feeds.contains { $0.kind.isTelemetry }
        return live ? max(wallNow, state.now) : state.now
    }

    /// Seconds after which a GPU's last sample is stale: three intervals of the fastest live telemetry feed (other
    /// feeds, such as a 2 s Alertmanager file, say nothing about GPUs), or the fleet-wide window under simulation.
    public static func staleAfter(_ state: FleetState) -> Double {
        let live = state.feeds.filter { $0.kind.isTelemetry }.map(\.intervalSeconds)
        return live.min().map { 3 * $0 } ?? FleetKPIs.telemetryFreshness
    }

    /// Whether GPU `g` has a sample that is still current.
    public static func isFresh(_ state: FleetState, gpu g: Int, reference: Double, staleAfter: Double) -> Bool {
        state.gpus.sampledAt[g] > 0 && reference - state.gpus.sampledAt[g] <= staleAfter
    }

    /// Who holds GPU `g`: the scheduler's job ("job-1 (nlp)"), else the telemetry owner, else nil.
    public static func owner(_ state: FleetState, gpu g: Int) -> String? {
        let slot = Int(state.gpus.allocatedSlot[g])
        if slot >= 0, slot < state.jobSlots.count, let job = state.jobSlots[slot] {
            let team = state.teamLabel(of: job)
            return "\(job.id) (\(team))"
        }
        return state.gpus.owner[g].isEmpty ? nil : state.gpus.owner[g]
    }
}

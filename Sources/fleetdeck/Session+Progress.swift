import FleetCore
import FleetPanes

extension Session {
    /// Wall seconds between copies of a warm-up's fleet: each costs the warm-up a copy of the state and the dashboard
    /// a KPI pass, so the fleet on screen moves on every couple of seconds while it is being made.
    static let warmUpPreviewInterval = 2.0

    /// The state to draw: `state`, or while the writer's warm-up makes a new store's fleet, the newest copy of what it
    /// has made so far (the header says which fleet minute; decisions wait for the stored fleet).
    var shownState: FleetState { warmUpPreview ?? state }

    /// What this session waits for while the store holds no fleet yet: nil once it does, and for live feeds
    /// (the overview then says which feed it waits for).
    func loadProgress(now: Double) -> LoadProgress? {
        guard state.gpus.count == 0 else { return nil }
        let elapsed = now - openedAt
        if isWriter {
            guard isSimulating else { return nil }
            let config = feeds.simulatorConfig
            let stage = LoadProgress.Stage.buildingFleet(gpus: config.gpuCount, warmupMinutes: feeds.warmupMinutes,
                                                         minutesDone: warmUpMinutesDone)
            return LoadProgress(stage: stage, elapsedSeconds: elapsed)
        }
        return LoadProgress(stage: .waitingForWriter, elapsedSeconds: elapsed)
    }
}

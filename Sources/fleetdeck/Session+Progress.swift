import FleetCore
import FleetPanes
import FleetWriter

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
        // Said once, in the body: the header's role says "store lost", and no wait for a writer follows.
        if storeLost { return LoadProgress(stage: .storeLost(path: store.location), elapsedSeconds: elapsed) }
        if isWriter {
            guard isSimulating else { return nil }
            let config = feeds.simulatorConfig
            let stage = LoadProgress.Stage.buildingFleet(gpus: config.gpuCount, warmupMinutes: feeds.warmupMinutes,
                                                         minutesDone: warmUpMinutesDone)
            return LoadProgress(stage: stage, elapsedSeconds: elapsed)
        }
        if let beacon = writerWarmUp {
            return LoadProgress(stage: .writerWarmingUp(minutesDone: beacon.minutesDone, warmupMinutes: beacon.warmupMinutes),
                                elapsedSeconds: elapsed)
        }
        return LoadProgress(stage: .waitingForWriter, elapsedSeconds: elapsed)
    }

    /// A follower without a fleet yet reads how far the writer's warm-up has got (at most once a second), for its
    /// progress line; nil once a fleet arrived, and when the writer publishes none (or stopped publishing).
    func readWriterWarmUp(now: Double) throws {
        guard state.gpus.count == 0 else {
            writerWarmUp = nil
            return
        }
        guard now - lastWarmUpRead >= 1 else { return }
        lastWarmUpRead = now
        writerWarmUp = try whenStoreAnswers { try WarmUpBeacon.read(from: store, now: now) } ?? nil
    }
}

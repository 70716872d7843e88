import FleetPanes

extension Session {
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

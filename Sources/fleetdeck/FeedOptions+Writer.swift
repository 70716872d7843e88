import FleetFeeds

extension FeedOptions {
    /// The feeds the writer loop runs, in order: the policy file (so its changes apply from the next step), then the
    /// trace replay, the simulator, or the live sources.
    func writerFeeds() throws -> [any Feed] {
        var feeds: [any Feed] = policy.map { [PolicyFeed(path: $0)] } ?? []
        let telemetry = try telemetrySources(), schedulers = try schedulerSources()
        if let trace = try replayTrace(), let path = replay {
            feeds.append(ReplayFeed(trace: trace, path: path, speed: speed))
        } else if (telemetry.isEmpty && schedulers.isEmpty) || simulate {
            feeds.append(SimulatorFeed(simulator: FleetSimulator(config: simulatorConfig), speed: speed,
                                       warmupSeconds: Double(warmupMinutes) * 60))
        } else {
            let timing = LiveSources.Timing(telemetryInterval: telemetryInterval, telemetryTimeout: telemetryTimeout,
                                            schedulerInterval: schedulerInterval, schedulerTimeout: schedulerTimeout)
            let sources = LiveSources(telemetry: telemetry, schedulers: schedulers, timing: timing,
                                      inference: inferenceMetric.map { InferenceMetric(name: $0, serviceLabel: inferenceServiceLabel) })
            feeds.append(LiveFeed(sources: sources, classOfQOS: classOfQOS, hasPolicyFile: policy != nil))
        }
        return feeds
    }
}

import FleetCore
import Foundation

/// The built-in simulated fleet as a feed: one simulator tick per step, `speed` times faster than the wall clock.
///
/// A new store gets the genesis and `warmupSeconds` of simulated history in one go (the loop's warm-up, which shows
/// the fleet made so far on request); after that each step continues from the loop's state, so a restart resumes
/// exactly where the store left off.
public final class SimulatorFeed: Feed {
    public static let feedName = "simulator"
    public let simulator: FleetSimulator
    private let speed: Double
    private let warmupSeconds: Double

    /// A feed of `simulator` at `speed`; a new store is warmed up by `warmupSeconds` of fleet time.
    public init(simulator: FleetSimulator, speed: Double, warmupSeconds: Double) {
        self.simulator = simulator
        self.speed = speed
        self.warmupSeconds = warmupSeconds
    }

    public var name: String { Self.feedName }
    public var kind: String { "simulator" }
    public var interval: Double { simulator.config.tickSeconds / speed }

    public var warmUp: (@Sendable (FleetState, WarmUpProgress) -> FleetState?)? {
        let simulator = simulator, warmup = warmupSeconds, interval = interval
        return { state, progress in
            guard state.gpus.count == 0 else { return nil }
            let minutes = Int((warmup / 60).rounded(.up))
            progress.plan(minutes: max(1, minutes))
            var s = state
            s.apply(simulator.genesis())
            progress.report(minutesDone: 0, state: s, everyGPUSampled: true)
            // A fleet minute at a time, so the progress line can say how far it got and the KPI history sees each
            // minute (the ticks run are the same).
            let everyGPUFrom = simulator.config.epoch + warmup - simulator.telemetryMemorySeconds
            for minute in stride(from: 1, through: max(1, minutes), by: 1) {
                let until = simulator.config.epoch + min(warmup, Double(minute) * 60)
                simulator.run(&s, until: until, everyGPUFrom: everyGPUFrom)
                // A copy for the dashboard, when it asked (read on every GPU, as the live fleet is): the run goes on
                // from `s` unchanged.
                if progress.wantsPreview { progress.publish(s.now < everyGPUFrom ? simulator.sampledEveryGPU(s) : s) }
                progress.report(minutesDone: minute, state: s, everyGPUSampled: until - 60 >= everyGPUFrom)
            }
            s.apply(Self.status(at: Date().timeIntervalSince1970, interval: interval))
            return s
        }
    }

    /// Days of KPI history a new simulated store starts with.
    public static let historyDays = 90

    /// The 90 days before the warm-up's first hour, from `SimulatedHistory` (same seed, same history); the warm-up's
    /// own hours are rolled up from the states it reaches, as the writer rolls up live ones.
    public var history: (@Sendable (FleetState) -> [KPIRollup])? {
        let model = SimulatedHistory(seed: simulator.config.seed), start = simulator.config.epoch
        return { state in model.hours(of: state, days: Self.historyDays, endingAt: start) }
    }

    public func step(now: Double, into batch: inout EventBatch) throws {
        guard batch.state.gpus.count > 0 else { throw SimulatorFeedError.noFleet }
        let simulator = simulator
        batch.emitApplied { simulator.step(&$0) }
        batch.emit(Self.status(at: now, interval: interval))
    }

    private static func status(at now: Double, interval: Double) -> FleetEvent {
        .feedStatus(FeedStatus(name: feedName, kind: "simulator", at: now, intervalSeconds: interval, ok: true))
    }
}

/// Why the simulator could not step.
public enum SimulatorFeedError: Error, CustomStringConvertible {
    case noFleet
    public var description: String { "the simulated fleet has not been created yet" }
}

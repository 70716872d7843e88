import Foundation
import Synchronization

/// The live sources' fetch threads: one per telemetry or scheduler source fetches on its interval (backing off after
/// failures) and queues what it got for the writer loop, which turns it into events (`LiveFeed`).
public final class LiveSources: Sendable {
    /// An update from either kind of source.
    public enum Update: Sendable {
        case telemetry(TelemetrySourceConfig, TelemetryUpdate)
        case scheduler(SchedulerSourceConfig, SchedulerUpdate)
    }

    /// How often and how patiently each kind of source is fetched.
    public struct Timing: Sendable {
        public var telemetryInterval: Double
        public var telemetryTimeout: Double
        public var schedulerInterval: Double
        public var schedulerTimeout: Double

        /// Intervals and timeouts in seconds.
        public init(telemetryInterval: Double, telemetryTimeout: Double, schedulerInterval: Double, schedulerTimeout: Double) {
            self.telemetryInterval = telemetryInterval
            self.telemetryTimeout = telemetryTimeout
            self.schedulerInterval = schedulerInterval
            self.schedulerTimeout = schedulerTimeout
        }
    }

    private let inbox = Mutex<[Update]>([])
    private let stopFlag = Atomic<Bool>(false)
    public let timing: Timing

    /// Starts one thread per source; `inference` is the request counter read alongside telemetry, if any.
    public init(telemetry: [TelemetrySourceConfig], schedulers: [SchedulerSourceConfig], timing: Timing,
                inference: InferenceMetric?) {
        self.timing = timing
        for (k, config) in telemetry.enumerated() {
            let thread = Thread { [self] in poll(config, inference: inference) }
            thread.name = "fleetdeck-telemetry-\(k)"
            thread.start()
        }
        for (k, config) in schedulers.enumerated() {
            let thread = Thread { [self] in poll(config) }
            thread.name = "fleetdeck-scheduler-\(k)"
            thread.start()
        }
    }

    /// Whether an update is waiting.
    public var hasUpdates: Bool { inbox.withLock { !$0.isEmpty } }

    /// The updates that arrived since the last call, in arrival order.
    public func take() -> [Update] { inbox.withLock { pending in defer { pending.removeAll() }; return pending } }

    /// Asks the threads to stop (each finishes its current fetch).
    public func stop() { stopFlag.store(true, ordering: .relaxed) }

    private var stopped: Bool { stopFlag.load(ordering: .relaxed) }

    private func poll(_ config: TelemetrySourceConfig, inference: InferenceMetric?) {
        var source = config.makeSource(timeout: timing.telemetryTimeout, inference: inference)
        var failures = 0
        while !stopped {
            let update = source.fetch()
            inbox.withLock { $0.append(.telemetry(config, update)) }
            if update.endOfStream { return }
            failures = update.failure == nil ? 0 : failures + 1
            var wait = Backoff.wait(interval: timing.telemetryInterval, failures: failures)
            // stdin: the writer paces a good stream; a failing one (stdin a directory, say) backs off like any source.
            if case .file(let path) = config, path == "-", update.failure == nil { wait = 0 }
            sleep(wait)
        }
    }

    private func poll(_ config: SchedulerSourceConfig) {
        var source = config.makeSource(timeout: timing.schedulerTimeout)
        var failures = 0
        while !stopped {
            let update = source.fetch()
            inbox.withLock { $0.append(.scheduler(config, update)) }
            failures = update.failure == nil ? 0 : failures + 1
            sleep(Backoff.wait(interval: timing.schedulerInterval, failures: failures))
        }
    }

    private func sleep(_ seconds: Double) {
        let until = Date().timeIntervalSince1970 + seconds
        while !stopped, Date().timeIntervalSince1970 < until { Thread.sleep(forTimeInterval: min(0.1, seconds)) }
    }
}

import FleetTUI

/// What a dashboard without a fleet yet is waiting for, drawn in place of an empty overview so that a big store
/// or a new simulated fleet shows progress instead of silence. A value in `FrameContext`: panes stay pure.
public struct LoadProgress: Sendable, Hashable {
    /// What is being loaded.
    public enum Stage: Sendable, Hashable {
        /// Reading the store's newest snapshot and the events after it.
        case openingStore(path: String, fileBytes: Int?)
        /// The simulator is defining a new fleet and fast-forwarding it before its first snapshot (`minutesDone` of
        /// `warmupMinutes`, nil before the warm-up reports).
        case buildingFleet(gpus: Int, warmupMinutes: Int, minutesDone: Int?)
        /// Following a store whose writer has not stored a fleet yet.
        case waitingForWriter
        /// Following a store whose writer is warming up a new fleet: `minutesDone` of `warmupMinutes`, as the writer
        /// last published them in the store.
        case writerWarmingUp(minutesDone: Int, warmupMinutes: Int)
        /// The store file was deleted or replaced before a fleet arrived: nothing more will (restart to recover).
        case storeLost(path: String)
    }

    public var stage: Stage
    /// Seconds since the stage began.
    public var elapsedSeconds: Double

    /// Progress of `stage`, `elapsedSeconds` in.
    public init(stage: Stage, elapsedSeconds: Double) {
        self.stage = stage
        self.elapsedSeconds = elapsedSeconds
    }

    /// The progress line: what is loading and how far it has got, cleaned for the terminal.
    public var line: String {
        let elapsed = "\(Int(max(0, elapsedSeconds).rounded(.down))) s"
        switch stage {
        case let .openingStore(path, bytes):
            let size = bytes.map { " (\(Self.megabytes($0)))" } ?? ""
            return sanitizeForTerminal("opening store \(path)\(size): reading the newest snapshot and the events after it… \(elapsed)")
        case let .buildingFleet(gpus, minutes, done?) where minutes > 0 && done >= minutes:
            return "built a new simulated fleet: \(gpus) GPUs, \(minutes) fleet minutes; \(Self.storing)… \(elapsed)"
        case let .buildingFleet(gpus, minutes, done?) where minutes > 0:
            let percent = min(100, max(0, done * 100 / minutes))
            return "building a new simulated fleet: \(gpus) GPUs, fleet minute \(min(done, minutes)) of \(minutes) (\(percent) %)… \(elapsed)"
        case let .buildingFleet(gpus, minutes, _):
            return "building a new simulated fleet: \(gpus) GPUs, fast-forwarding \(minutes) fleet minutes before the first " +
                "snapshot… \(elapsed)"
        case .waitingForWriter:
            return "waiting for the writer to store the first fleet state… \(elapsed)"
        case let .writerWarmingUp(done, minutes):
            let shown = min(max(0, done), max(0, minutes))
            return "waiting for the writer: warming up, fleet minute \(shown) of \(minutes) (\(minutes > 0 ? shown * 100 / minutes : 0) %)… \(elapsed)"
        case let .storeLost(path):
            return sanitizeForTerminal("store file \(path) was deleted or replaced before a fleet arrived: nothing more is written " +
                                       "or read; restart fleetdeck")
        }
    }

    /// The pace the header's fleet clock shows while a new fleet warms up: the fast-forward rate measured so far (fleet
    /// seconds per wall second since the store opened), then that it is being stored; nil for other stages.
    public var pace: String? {
        switch stage {
        case let .buildingFleet(_, minutes, done?) where minutes > 0 && done >= minutes:
            "warming up: storing"
        case let .buildingFleet(_, _, done?) where done > 0 && elapsedSeconds > 0:
            "warming up ×\(Int((Double(done) * 60 / elapsedSeconds).rounded()))"
        case .buildingFleet:
            "warming up"
        default:
            nil
        }
    }

    /// What the header's feed line says while this loads: which fleet minute a warm-up is at (its fleet may be on
    /// screen already, a copy of what is made so far), else that the feeds are loading.
    public var headerText: String {
        switch stage {
        case let .buildingFleet(_, minutes, done?) where minutes > 0 && done >= minutes:
            "warming up: \(Self.storing) · decisions open once it is stored"
        case let .buildingFleet(_, minutes, done?) where minutes > 0:
            "warming up: fleet minute \(min(done, minutes)) of \(minutes) (\(min(100, max(0, done * 100 / minutes))) %) · decisions open once it is stored"
        default:
            "loading"
        }
    }

    /// What the header says of the feeds and the policy while nothing is on screen yet: "loading", or "stopped" once
    /// the store is lost (nothing will load).
    public var pendingText: String {
        if case .storeLost = stage { return "stopped" }
        return "loading"
    }

    /// What a warm-up does after its last fleet minute, before the loop adopts the fleet.
    private static let storing = "storing the fleet's KPI history and first snapshot"

    private static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(max(1, bytes >> 10)) kB"
    }
}

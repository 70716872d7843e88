import FleetCore
import FleetFeeds
import FleetStore
import FleetWriter
import Foundation

/// A fresh store in a temporary directory, removed by `remove()`.
struct TempStore {
    let directory: URL
    let path: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleetwriter-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("fleet.sqlite").path
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// A feed that emits `perStep` feed statuses named after itself per step, counting its steps; it can be told to fail.
final class CountingFeed: Feed {
    let name: String
    let perStep: Int
    var fails = false
    private(set) var steps = 0
    /// Names of the feed records the state held when each step began (what the feed saw).
    private(set) var seen: [[String]] = []

    init(name: String, perStep: Int = 2) {
        self.name = name
        self.perStep = perStep
    }

    var kind: String { "fake" }
    var interval: Double { 1 }

    func step(now: Double, into batch: inout EventBatch) throws {
        steps += 1
        seen.append(batch.state.feeds.map(\.name))
        if fails { throw FakeFailure.broken(name) }
        for k in 0..<perStep { batch.emit(.feedStatus(status(name: "\(name) #\(steps).\(k)", at: now))) }
    }
}

/// A feed whose warm-up makes a new store's first state: `gpus` GPUs, then steps like `CountingFeed`.
final class WarmingFeed: Feed {
    let gpus: Int
    init(gpus: Int) { self.gpus = gpus }
    var name: String { "warming" }
    var kind: String { "fake" }
    var interval: Double { 1 }

    var warmUp: (@Sendable (FleetState, WarmUpProgress) -> FleetState?)? {
        let gpus = gpus
        return { state, _ in
            guard state.gpus.count == 0 else { return nil }
            var s = state
            s.apply(.fleetDefined(fleet(gpus: gpus)))
            s.apply(.clock(at: 1_700_000_000))
            return s
        }
    }

    func step(now: Double, into batch: inout EventBatch) throws {
        batch.emit(.feedStatus(status(name: "warming step", at: now)))
    }
}

enum FakeFailure: Error, CustomStringConvertible {
    case broken(String)
    var description: String {
        switch self {
        case .broken(let name): "\(name) is broken"
        }
    }
}

/// A good status of feed `name`.
func status(name: String, at: Double) -> FeedStatus {
    FeedStatus(name: name, kind: "fake", at: at, intervalSeconds: 1, ok: true)
}

/// A one-node fleet of `gpus` GPUs.
func fleet(gpus: Int) -> FleetSpec {
    FleetSpec(name: "test", clusters: [Cluster(name: "c", region: "r")], pools: [Pool(name: "p", cluster: 0, purchase: .onPrem)],
              models: [GPUModel(name: "H100", memoryMiB: 81_920, tdpWatts: 700)],
              nodes: [NodeSpec(name: "n1", pool: 0, model: 0, gpuCount: gpus, zone: "", gpuUUIDs: (0..<gpus).map { "GPU-\($0)" })])
}

/// What a follower builds from the store: the newest snapshot, then every event after it, one by one.
func followerState(_ store: any EventStoring) throws -> (state: FleetState, lastEventID: Int64) {
    var state = FleetState(), last: Int64 = 0
    if let snapshot = try store.latestSnapshot(as: FleetState.self) {
        state = snapshot.state
        last = snapshot.eventID
    }
    for (id, event) in try store.events(after: last, limit: 100_000, as: FleetEvent.self) {
        state.apply(event)
        last = id
    }
    return (state, last)
}

/// The state as canonical JSON, to compare two states field by field.
func canonical(_ state: FleetState) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try encoder.encode(state)
}

/// A writer loop over a new store at `path` holding the lease as `owner`, running `feeds`.
func writerLoop(path: String, owner: String = "test:1", feeds: [any Feed], now: Double, snapshotInterval: Double = 60) throws -> WriterLoop {
    let store = try EventStore(path: path)
    guard let fence = try store.takeWriterLease(owner: owner, now: Date(timeIntervalSince1970: now), ttl: 5) else {
        throw FakeFailure.broken("lease held")
    }
    return WriterLoop(lease: LeaseKeeper(store: store, owner: owner, fence: fence, ttl: 5), state: FleetState(), lastEventID: 0,
                      feeds: feeds, now: now, snapshotInterval: snapshotInterval)
}

import FleetCore
import FleetFeeds
import FleetStore
import FleetWriter
import Foundation
import Testing

@Suite("The warm-up's progress, published for followers")
struct WarmUpBeaconTests {
    @Test func itsTextReadsBackAndDamagedOrOutOfRangeTextIsRefused() {
        let beacon = WarmUpBeacon(minutesDone: 212, warmupMinutes: 480, publishedAt: 1_800_000_000.5)
        #expect(WarmUpBeacon(text: beacon.text) == beacon)
        let damaged = ["", "212 480", "481 480 1", "-1 480 1", "1 0 1", "1 480 nan", "1 480 -5", "1 999999999 1", "1 480 1 4",
                       "1  480 1", String(repeating: "9", count: 80)]
        for text in damaged { #expect(WarmUpBeacon(text: text) == nil, "\(text)") }
        #expect(beacon.isFresh(now: beacon.publishedAt + 9) && beacon.isFresh(now: beacon.publishedAt - 9))
        #expect(!beacon.isFresh(now: beacon.publishedAt + 11), "a writer that stopped publishing is not shown as warming up")
    }

    @Test func aWarmingWriterPublishesItsMinuteAndClearsItOnceTheFleetIsStored() throws {
        let dir = try TempStore()
        defer { dir.remove() }
        let t0 = Date().timeIntervalSince1970
        let sim = FleetSimulator(config: SimulatorConfig(seed: 5, gpuCount: 64, teamCount: 2))
        let loop = try writerLoop(path: dir.path, feeds: [SimulatorFeed(simulator: sim, speed: 1, warmupSeconds: 3 * 3600)], now: t0)
        var seen: [WarmUpBeacon] = []
        var k = 0.0
        // A wall second per turn: the loop publishes at most once a second.
        while loop.isWarmingUp, k < 3000 {
            loop.turn(now: t0 + k)
            if let beacon = try WarmUpBeacon.read(from: loop.store, now: t0 + k) { seen.append(beacon) }
            usleep(5_000)
            k += 1
        }
        #expect(!loop.isWarmingUp && loop.state.gpus.count == 64)
        #expect(!seen.isEmpty, "published while warming up")
        #expect(seen.allSatisfy { $0.warmupMinutes == 180 && $0.minutesDone <= 180 })
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.minutesDone <= $1.minutesDone }, "minutes only go forward")
        #expect(try loop.store.meta(WarmUpBeacon.metaKey) == "", "cleared once the fleet is stored")
        #expect(try WarmUpBeacon.read(from: loop.store, now: t0 + k) == nil)
    }
}

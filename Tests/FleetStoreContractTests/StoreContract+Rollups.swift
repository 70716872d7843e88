import FleetStore
import Foundation
import Testing

extension StoreContract {
    /// KPI rollups round-trip by period, replace a period written again, survive snapshot compaction, are deleted only
    /// by retention, and a stale fence writes none.
    static func rollupsSurviveCompactionAndRetention(_ backend: some ContractBackend) throws {
        let store = try backend.open(), other = try backend.open()
        #expect(try store.rollups(resolution: 3600, from: 0, to: .max, as: Board.self).isEmpty)
        let hours = (0..<5).map { (start: Int64($0) * 3600, value: Board("hour \($0)", size: 50)) }
        try store.saveRollups(hours, resolution: 3600, fence: nil)
        try store.saveRollups([(start: Int64(0), value: Board("day 0", size: 20))], resolution: 86_400, fence: nil)
        try store.saveRollups([(start: Int64(3600), value: Board("hour 1 again", size: 5))], resolution: 3600, fence: nil)
        let read = try other.rollups(resolution: 3600, from: 3600, to: 4 * 3600, as: Board.self)
        #expect(read.map(\.start) == [3600, 7200, 10_800])
        #expect(read.map(\.value.name) == ["hour 1 again", "hour 2", "hour 3"])
        // Snapshots compact events, never rollups.
        _ = try store.append((1...6).map { note($0) }, fence: nil)
        for upTo in [2, 4, 6] as [Int64] { try store.saveSnapshot(Board("s\(upTo)", size: 4), upToEventID: upTo, fence: nil) }
        #expect(try store.events(after: 0, limit: 100, as: Note.self).map(\.id) == [5, 6])
        #expect(try other.rollups(resolution: 3600, from: 0, to: .max, as: Board.self).count == 5)
        // Retention deletes by period length and start.
        #expect(try store.deleteRollups(resolution: 3600, before: 7200) == 2)
        #expect(try other.rollups(resolution: 3600, from: 0, to: .max, as: Board.self).map(\.start) == [7200, 10_800, 14_400])
        #expect(try other.rollups(resolution: 86_400, from: 0, to: .max, as: Board.self).map(\.value.name) == ["day 0"])
        // A writer that lost the lease writes no rollups.
        let fenceA = try #require(try store.takeWriterLease(owner: "a", ttl: 0.3))
        let fenceB = try takeWhenFree(other, owner: "b", ttl: 30)
        #expect(fencedEpochs {
            try store.saveRollups([(start: Int64(0), value: Board("stale", size: 1))], resolution: 3600, fence: fenceA)
        } == [fenceA.epoch, fenceB.epoch])
        #expect(try other.rollups(resolution: 3600, from: 0, to: 3600, as: Board.self).isEmpty)
    }
}

import FleetCore
import FleetStore
import Foundation

/// Copies a store's fleet into an empty store of either kind (SQLite ↔ PostgreSQL): the newest snapshot, the events
/// after it, the fleet state format and the whole audit chain, then checks both audit chains end in the same head.
enum StoreCopy {
    /// What was copied, and the audit head both stores now end in.
    struct Report: Sendable, Equatable {
        let snapshotCopied: Bool
        let events: Int
        let auditRecords: Int64
        let auditHead: String
    }

    /// Why a copy was refused or failed its check.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Events and audit records moved per transaction.
    static let batch = 5000

    static func copy(from source: any EventStoring, to target: any EventStoring) throws -> Report {
        let format = try source.meta("state_format")
        guard let format, Session.isReadable(format: format) else {
            throw Failure(description: "\(source.location) holds fleet state format \(format ?? "none"), not \(Session.stateFormat): " +
                          "run `fleetdeck store migrate` on it first")
        }
        // A copy of a store being written would miss what its writer adds meanwhile (and end in a chain that differs).
        if let lease = try source.writerLease(), lease.expiresAt > Date() {
            throw Failure(description: "\(source.location) is being written: \(lease.owner) holds its writer lease; stop that " +
                          "collector (or dashboard) first, then copy")
        }
        guard try target.lastEventID() == 0, try target.latestSnapshotPayload() == nil,
              try target.auditEntries(after: 0, limit: 1).isEmpty else {
            throw Failure(description: "\(target.location) already holds a fleet or an audit log: copy into a new, empty store")
        }
        let original = try source.verifyAudit()
        guard original.isIntact else { throw Failure(description: "the audit log of \(source.location) is not intact: \(original)") }
        try target.setMeta("state_format", Session.stateFormat)
        // The snapshot covers the source's events up to its id; the target numbers the events after it from 1.
        var after: Int64 = 0
        let snapshot = try source.latestSnapshot(as: FleetState.self)
        if let snapshot {
            try target.saveSnapshot(snapshot.state, upToEventID: 0, fence: nil)
            after = snapshot.eventID
        }
        var events = 0
        while true {
            let page = try source.events(after: after, limit: batch, as: FleetEvent.self)
            guard let last = page.last else { break }
            _ = try target.append(page.map(\.event), fence: nil)
            events += page.count
            after = last.id
        }
        // The same bodies in the same order give the same hashes: the chain is rebuilt, not trusted.
        var seq: Int64 = 0
        while true {
            let page = try source.auditEntries(after: seq, limit: batch)
            guard let last = page.last else { break }
            _ = try target.appendAudit(page.map(\.body))
            seq = last.seq
        }
        let copied = try target.verifyAudit()
        guard copied.isIntact, copied.count == original.count, copied.headHash == original.headHash else {
            throw Failure(description: "the copy's audit log differs: \(source.location): \(original); \(target.location): \(copied)")
        }
        return Report(snapshotCopied: snapshot != nil, events: events, auditRecords: copied.count, auditHead: copied.headHash)
    }
}

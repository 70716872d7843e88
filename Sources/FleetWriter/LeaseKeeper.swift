import FleetCore
import FleetStore
import Foundation

/// Renews the writer lease once a second from the writer loop (backing off while the store does not answer), and says
/// why the writer stops once it lost it.
public struct LeaseKeeper: Sendable {
    public let store: any EventStoring
    public let owner: String
    /// The epoch this writer took the lease at; every write of the writer carries it.
    public let fence: WriterFence
    /// Seconds a renewal extends the lease by.
    public let ttl: TimeInterval
    private var lastRenew = 0.0
    /// Seconds until the next renewal: 1, doubled up to `maxRetryInterval` while the store does not answer.
    private var renewInterval = 1.0
    /// The longest wait between renewals of an unreachable store: well inside the lease's TTL, so a store back within
    /// the TTL finds the lease still this writer's.
    static let maxRetryInterval = 2.0
    /// When the store first did not answer a renewal, while it still does not.
    public private(set) var unreachableSince: Double?
    /// Why the store did not answer the first failed renewal of the current outage.
    private var lastProblem = ""
    /// The renewal running in the background while the store does not answer.
    private let retry = BackgroundCall<Bool>()
    /// The first retry after the watcher lost the server, as after one failed renewal.
    static let firstRetryInterval = 2.0

    /// The keeper of the lease `owner` took on `store` with `fence`.
    public init(store: any EventStoring, owner: String, fence: WriterFence, ttl: TimeInterval) {
        self.store = store
        self.owner = owner
        self.fence = fence
        self.ttl = ttl
    }

    /// Renews when its interval has passed: whether the lease is still held, lost, or the store did not answer.
    ///
    /// While the store does not answer, the renewal is retried on a background thread and its answer taken by a later
    /// call: a server out of reach makes each call wait for its deadline, and the caller is the UI thread.
    public mutating func renewIfDue(now: Double) -> LeaseRenewal {
        if let answer = retry.take() { return settle(answer, now: now) }
        guard now - lastRenew >= renewInterval, !retry.isRunning else {
            return unreachableSince == nil ? .held : .unreachable(lastProblem)
        }
        lastRenew = now
        // A deleted or replaced store file: writing on would be lost, so this writer stops.
        guard !store.isDetachedFromPath else { return .lost }
        let (store, owner, ttl, fence) = (store, owner, ttl, fence)
        let renew: @Sendable () throws -> Bool = { try store.renewWriterLease(owner: owner, ttl: ttl, fence: fence) }
        if unreachableSince != nil {
            retry.start(renew)
            return .unreachable(lastProblem)
        }
        return settle(Result(catching: renew), now: now)
    }

    /// The store is known not to answer (its watcher lost the server): renewals are retried in the background from
    /// now, and the writer pauses as after a renewal that was not answered.
    public mutating func noteUnreachable(_ problem: String, now: Double) {
        guard unreachableSince == nil else { return }
        lastProblem = problem
        unreachableSince = now
        renewInterval = Self.firstRetryInterval
    }

    /// Waits at most `seconds` for a renewal running in the background (before the lease is released, and in tests).
    public func waitForRetry(seconds: Double) { retry.wait(seconds: seconds) }

    private mutating func settle(_ answer: Result<Bool, any Error>, now: Double) -> LeaseRenewal {
        switch answer {
        case .success(true):
            unreachableSince = nil
            renewInterval = 1
            return .held
        case .success(false):
            return .lost
        case .failure(let error) where Self.isUnreachable(error):
            // The lease may still be this writer's: fencing refuses its writes if another one took it meanwhile.
            // The first failure says why; later ones (refused, then timed out) would only reword it.
            if unreachableSince == nil { lastProblem = "\(error)" }
            unreachableSince = unreachableSince ?? now
            renewInterval = min(renewInterval * 2, Self.maxRetryInterval)
            return .unreachable(lastProblem)
        case .failure:
            return .lost
        }
    }

    /// Why this writer stopped writing, for the log and the header.
    public func lossReason() -> String {
        if store.isDetachedFromPath { return "store file \(store.location) was deleted or replaced: this writer stops" }
        let holder = (try? store.writerLease())?.owner ?? "nobody"
        let epoch = (try? store.writerEpoch()).map(String.init) ?? "?"
        return "fenced: another writer (\(holder), epoch \(epoch)) took the writer lease of this one (epoch \(fence.epoch)), "
            + "which was paused or stalled past its \(Int(ttl)) s lease; nothing more is written"
    }

    /// Whether `error` says the store could not be reached or did not answer (worth retrying), not that it refused.
    public static func isUnreachable(_ error: any Error) -> Bool {
        if case .io? = error as? StoreError { return true }
        return false
    }

    /// Whether `error` is the store refusing a write of a fenced-off writer.
    public static func isFenced(_ error: any Error) -> Bool {
        if case .fenced? = error as? StoreError { return true }
        return false
    }
}

/// What a lease renewal found.
public enum LeaseRenewal: Equatable, Sendable {
    /// The lease is still this writer's.
    case held
    /// The store did not answer (a server down or out of reach), saying why: the lease may still be this writer's.
    case unreachable(String)
    /// Another writer holds the lease, or the store file was replaced: this writer stops.
    case lost
}

extension EventStoring {
    /// The writer's snapshot, then a checkpoint: a snapshot is the largest transaction, and SQLite's WAL must not keep
    /// its size.
    public func saveWriterSnapshot(_ state: FleetState, upToEventID: Int64, fence: WriterFence) throws {
        try saveSnapshot(state, upToEventID: upToEventID, fence: fence)
        try checkpoint(wait: 1)
    }
}

import FleetCore
import FleetFeeds
import FleetStore
import FleetWriter
import Foundation
import Synchronization

/// A live connection to a store: the state built from its events, and the writer loop when this process is the writer.
///
/// Exactly one process per store holds the writer lease and runs the feeds; every other one follows the event log.
/// A follower takes over when the writer's lease lapses. The writer's state is its loop's: each event is applied
/// once, by the loop, which runs a turn on every `pump`.
final class Session {
    static let leaseTTL: TimeInterval = 5
    let store: any EventStoring
    /// What this process may do with the store, and the login a database authenticated.
    let access: StoreAccess
    let feeds: FeedOptions
    /// A follower's state: the fold of the store's events up to `followedEventID` (empty while this is the writer).
    private var followed = FleetState()
    private var followedEventID: Int64 = 0
    /// Alertmanager intake and plan execution, when this process is the writer.
    var governanceExtras: GovernanceWriter?
    /// When the simulator's team leads last filed a request, and how many they filed.
    var simulatedRequestAt = 0.0
    var simulatedRequests: UInt64 = 0
    /// Whether the feeds are the built-in simulator.
    var isSimulating: Bool { loop?.feeds.contains { $0 is SimulatorFeed } == true }
    /// Fleet minutes the writer's warm-up of a new store has done; nil when none runs.
    var warmUpMinutesDone: Int? { loop?.warmUpMinutesDone }
    private let owner = "\(ProcessInfo.processInfo.hostName):\(getpid())"
    /// The writer loop, while this process is the writer.
    private var loop: WriterLoop?
    /// When this session opened its store, for the progress line shown until a fleet arrives.
    let openedAt = Date().timeIntervalSince1970
    private var watcher: (any StoreWatching)?
    private let changed = ChangeFlag()
    private var lastLeaseAttempt = 0.0
    /// A dashboard's lease request running in the background (`takeOverInBackground`).
    private let leaseAttempt = BackgroundCall<WriterFence?>()
    /// When the store last did not answer this session (wall time).
    private var lastUnreachableAt = -Double.infinity
    /// Whether a follower takes the lease by itself once it lapses (the dashboard); `collect` asks explicitly.
    private let takesOverWhenFree: Bool
    /// Why this process stopped being the writer (fenced off, store replaced), once it has.
    private(set) var lostWriterReason: String?

    /// The state decisions are made on: the writer loop's, or the one followed from the store.
    var state: FleetState { loop?.state ?? followed }
    /// When this session last asked the writer's warm-up for a copy of its fleet (`shownState`).
    private var lastPreviewRequest = -Double.infinity
    /// The version of `shownState` the last writer's `pump` reported: a warm-up's copy arrives between pumps.
    private var lastShownVersion: UInt64?
    /// The newest copy of the fleet the writer's warm-up has made so far, nil when none (see `shownState`).
    var warmUpPreview: FleetState? { loop?.warmUpPreview }
    /// Whether this process runs the feeds.
    var isWriter: Bool { loop != nil }
    /// "writer", "follower", or "store lost" once the store file was deleted or replaced, for the header.
    var roleDescription: String {
        storeLost ? "store lost" : isReadOnlyStore ? "read-only store" : isWriter ? "writer" : "follower"
    }
    /// Whether the store's view is current (a shared store: its server reachable and its writer heard from).
    var storeLiveness: StoreLiveness { watcher?.liveness ?? .live }
    /// Why the store does not answer this writer, while it does not (its feeds are paused, the lease renewal retried).
    var storeUnreachable: String? { loop?.unreachable }
    /// A problem to show the user, if any.
    var notice: String? {
        // Without a fleet the progress line says it (`loadProgress`): one message, not two.
        if storeLost {
            return state.gpus.count == 0 ? nil
                : "store file \(store.location) was deleted or replaced: nothing more is written; restart fleetdeck"
        }
        return loop?.lastError ?? simulationRefusal
    }
    /// Why this session follows instead of writing although the lease is free: its feeds would be the built-in
    /// simulator, and the store holds a fleet from real sources (its collector is not running).
    private(set) var simulationRefusal: String?
    /// Whether this user may not write the store (a read-only file, a database viewer role): the session only follows it.
    var isReadOnlyStore: Bool { !access.mayDecide }
    /// Who acts in this session: the login a database authenticated, else the OS user.
    let identity: String
    /// Set once the store file is no longer at its path; the session then neither writes nor takes over.
    private(set) var storeLost = false
    private var lastStoreCheck = 0.0
    /// How far the writer's warm-up has got, as it last published it (a follower without a fleet yet).
    var writerWarmUp: WarmUpBeacon?
    /// When a follower last read `writerWarmUp`.
    var lastWarmUpRead = 0.0

    /// Opens the store, loads its state and starts following it; with `takesOverWhenFree`, it becomes the writer
    /// whenever the lease is free (now and later).
    init(address: StoreAddress, feeds: FeedOptions, takesOverWhenFree: Bool = true) throws {
        self.takesOverWhenFree = takesOverWhenFree
        (store, access) = try address.openWithAccess()
        identity = access.login ?? Identity.current()
        self.feeds = feeds
        if !access.mayRunFeeds {
            // Followed, never written by this process: the format is checked, not set or migrated.
            let found = try store.meta("state_format")
            guard let found, Self.isReadable(format: found) else {
                if found == Self.jsonSnapshotFormat { throw SessionError.needsMigration(path: store.location) }
                if found == nil { throw SessionError.noFleetYet(path: store.location) }
                throw SessionError.stateFormat(path: store.location, found: found ?? "none")
            }
        } else {
            try Self.checkStateFormat(store)
        }
        if let snapshot = try store.latestSnapshot(as: FleetState.self) {
            followed = snapshot.state
            followedEventID = snapshot.eventID
        }
        _ = try catchUp()
        let flag = changed
        let watcher = try store.makeWatcher(interval: 0.1) { _ in flag.set() }
        watcher.start()
        self.watcher = watcher
        if takesOverWhenFree { try takeOverIfFree() }
    }

    /// The state a store holds now, read without following it or running any feed (for reports).
    static func loadState(address: StoreAddress) throws -> FleetState {
        try loadState(store: address.open()).state
    }

    /// The state `store` holds now and the id of the last event it includes.
    static func loadState(store: any EventStoring) throws -> (state: FleetState, lastEventID: Int64) {
        try checkStateFormat(store)
        var state = FleetState()
        var after: Int64 = 0
        if let snapshot = try store.latestSnapshot(as: FleetState.self) {
            state = snapshot.state
            after = snapshot.eventID
        }
        while true {
            let batch = try store.events(after: after, limit: 5000, as: FleetEvent.self)
            guard let last = batch.last else { return (state, after) }
            state.apply(batch.map { $0.1 })
            after = last.0
        }
    }

    /// Lets `body` change the state and the id of the last event it includes together (a decision this process
    /// committed after catching up): the writer loop's, or the followed one.
    func update<R>(_ body: (inout FleetState, inout Int64) throws -> R) rethrows -> R {
        if let loop { return try loop.update(body) }
        return try body(&followed, &followedEventID)
    }

    /// As the writer, runs a turn of the writer loop; as a follower, applies what other processes committed (and takes
    /// over when the lease is free). True if the state changed. Every store call here follows `whenStoreAnswers`.
    func pump() throws -> Bool {
        checkStoreFile()
        if storeLost { return false }
        let now = Date().timeIntervalSince1970
        if let loop {
            // The loop's own calls (lease renewal, its write) would wait for their deadline too: it pauses instead.
            if let away = storeAway { loop.pause(unreachable: away, now: now) }
            if changed.take(), try whenStoreAnswers({ try loop.catchUp() }) == nil { changed.set() }
            loop.turn(now: now)
            if loop.needsReload {
                try whenStoreAnswers {
                    let (state, last) = try Self.loadState(store: store)
                    loop.reload(state: state, lastEventID: last)
                }
            }
            if loop.isWarmingUp, now - lastPreviewRequest >= Self.warmUpPreviewInterval {
                loop.requestWarmUpPreview()
                lastPreviewRequest = now
            }
            if loop.isWriting {
                let before = lastShownVersion
                lastShownVersion = shownState.version
                return lastShownVersion != before
            }
            becomeFollower(reason: loop.lostReason ?? "lost the writer lease")
            return true
        }
        try readWriterWarmUp(now: now)
        // A writer cut off by the same outage gets a lease TTL to renew its lease before a follower takes it over.
        if takesOverWhenFree, now - lastUnreachableAt >= Self.leaseTTL {
            try whenStoreAnswers { try takeOverInBackground() }
        }
        guard changed.take() else { return false }
        guard let caughtUp = try whenStoreAnswers({ try catchUp() }) else {
            changed.set()
            return false
        }
        return caughtUp
    }

    /// Why the store's server is known not to answer (its watcher lost it, or the writer's renewals go unanswered);
    /// nil while it answers. A silent writer is not this: the server answers, and it is the time to take over.
    var storeAway: String? {
        if let unreachable = loop?.unreachable { return unreachable }
        if case .stale(_, let reason) = storeLiveness, reason != .writerSilent { return reason.summary }
        return nil
    }

    /// The one rule for a store call that may find the server away: not made while it is known away (each call would
    /// only wait for its deadline on the UI thread), and a failure to reach it (`StoreError.io`) is not thrown. Both
    /// answer nil: the session keeps its last state on screen (marked stale) and tries again later. Any other
    /// failure is thrown.
    @discardableResult
    func whenStoreAnswers<T>(_ body: () throws -> T) throws -> T? {
        if storeAway == nil {
            do {
                return try body()
            } catch where LeaseKeeper.isUnreachable(error) {}
        }
        lastUnreachableAt = Date().timeIntervalSince1970
        return nil
    }

    /// Stops writing: the loop's state (the fold of what it stored) is followed from here on.
    private func becomeFollower(reason: String) {
        guard let loop else { return }
        lostWriterReason = reason
        loop.stop()
        followed = loop.state
        followedEventID = loop.lastEventID
        self.loop = nil
        governanceExtras?.stop()
        governanceExtras = nil
        changed.set()
    }

    /// A follower's catch-up: the events committed since `followedEventID`.
    private func catchUp() throws -> Bool {
        var any = false
        // Until a fleet exists, the newest snapshot is the starting point: a new store's first state arrives as one.
        if followed.gpus.count == 0, let snapshot = try store.latestSnapshot(as: FleetState.self), snapshot.state.gpus.count > 0 {
            followed = snapshot.state
            followedEventID = snapshot.eventID
            any = true
        }
        while true {
            let batch = try store.events(after: followedEventID, limit: 5000, as: FleetEvent.self)
            if batch.isEmpty { return any }
            for (id, event) in batch {
                followed.apply(event)
                followedEventID = id
            }
            any = true
        }
    }

    /// Once a second: is the store file still the one opened? If not, stop the feeds for good.
    private func checkStoreFile() {
        let now = Date().timeIntervalSince1970
        guard !storeLost, now - lastStoreCheck >= 1 else { return }
        lastStoreCheck = now
        guard store.isDetachedFromPath else { return }
        storeLost = true
        becomeFollower(reason: "store file \(store.location) was deleted or replaced")
    }

    /// Becomes the writer if the lease is free (tried at most once a second); true when this process is the writer.
    @discardableResult
    func takeOverIfFree() throws -> Bool {
        guard try mayTryTheLease() else { return isWriter }
        guard let fence = try store.takeWriterLease(owner: owner, ttl: Self.leaseTTL) else { return false }
        try becomeWriter(fence)
        return true
    }

    /// A dashboard's `takeOverIfFree`: the lease is asked for on a background thread and its answer taken by a later
    /// pump, since on the UI thread a server out of reach would hold the frame for the call's deadline (its silence
    /// looks like a silent writer's until the watcher's own ask misses its deadline too).
    private func takeOverInBackground() throws {
        if let answer = leaseAttempt.take() {
            if let fence = try answer.get(), loop == nil { try becomeWriter(fence) }
            return
        }
        guard !leaseAttempt.isRunning, try mayTryTheLease() else { return }
        let (store, owner, ttl) = (self.store, self.owner, Self.leaseTTL)
        leaseAttempt.start { try store.takeWriterLease(owner: owner, ttl: ttl) }
    }

    /// Whether this process may write, is not the writer, and did not ask for the lease in the last second.
    private func mayTryTheLease() throws -> Bool {
        guard access.mayRunFeeds, !storeLost, loop == nil else { return false }
        let now = Date().timeIntervalSince1970
        guard now - lastLeaseAttempt >= 1 else { return false }
        lastLeaseAttempt = now
        return try !wouldSimulateOverRealSources()
    }

    /// Runs the feeds under `fence`, the lease this process just took, from the followed state caught up to now.
    private func becomeWriter(_ fence: WriterFence) throws {
        _ = try catchUp()
        lostWriterReason = nil
        governanceExtras = try GovernanceWriter(store: store, fence: fence, alertFile: feeds.alertmanagerFile,
                                                listenPort: feeds.alertmanagerListen)
        let lease = LeaseKeeper(store: store, owner: owner, fence: fence, ttl: Self.leaseTTL)
        // The loop takes the followed state over (moved, not copied: the follower's copy is dropped).
        let state = followed
        followed = FleetState()
        loop = WriterLoop(lease: lease, state: state, lastEventID: followedEventID, feeds: try feeds.writerFeeds(),
                          now: Date().timeIntervalSince1970)
    }

    /// Whether taking over would run the simulator (no feed was asked for) on a store whose fleet came from real
    /// sources; sets `simulationRefusal` to say so.
    private func wouldSimulateOverRealSources() throws -> Bool {
        let noSources = try feeds.telemetrySources().isEmpty && feeds.schedulerSources().isEmpty
        let defaultSimulation = !feeds.simulate && feeds.replay == nil && noSources
        guard defaultSimulation, followed.isFedByRealSources else {
            simulationRefusal = nil
            return false
        }
        simulationRefusal = "this store's fleet comes from real feeds and no collector is writing it: start " +
            "`fleetdeck collect` (or give the feed flags or a config) to update it; the simulator will not write here"
        return true
    }

    /// As the writer: saves the state as the store's newest snapshot (and compacts), as the feeds do every minute.
    func snapshotNow() throws {
        try loop?.snapshotNow()
    }

    /// Stops the feeds, gives up the lease so another process can take over at once, and empties the WAL.
    func close() {
        governanceExtras?.stop()
        loop?.stop()
        // A server known away would make quitting wait for the release's deadline: the lease lapses by itself instead.
        if loop != nil, storeAway == nil {
            try? store.releaseWriterLease(owner: owner)
            _ = try? store.checkpoint(wait: 1)
        }
        loop = nil
        watcher?.stop()
    }
}

/// A flag set from the watcher thread and taken by the UI loop.
final class ChangeFlag: Sendable {
    private let flag = Atomic<Bool>(true)
    func set() { flag.store(true, ordering: .relaxed) }
    func take() -> Bool { flag.exchange(false, ordering: .relaxed) }
}

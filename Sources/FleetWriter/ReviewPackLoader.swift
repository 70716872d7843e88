import FleetCore
import FleetStore

/// What the loader has for a pack asked for.
public enum ReviewPackAnswer: Sendable {
    case ready(ReviewPack)
    case loading
    case failed(String)
}

/// Loads review packs for a loop that must not wait (the dashboard's): the pack asked for on a thread of its own, and
/// while none is asked for, the packs one key away (the neighbouring periods, the next comparison) one at a time on
/// another, keeping what it loads in a bounded `ReviewPackCache`, so a period key usually finds its pack loaded.
/// Used from one thread; `load` runs on the others.
public final class ReviewPackLoader {
    /// Reads and derives one pack: `ReviewHistory.pack` on a store, a stand-in in tests.
    public typealias Load = @Sendable (ReviewPackKey, ReviewTargets) throws -> ReviewPack

    private struct Job {
        var key: ReviewPackKey
        var targets: ReviewTargets
        let call = BackgroundCall<ReviewPack>()
    }

    private let load: Load
    private var cache: ReviewPackCache
    /// The load of the pack asked for, and the one of a pack ahead; each runs one at a time.
    private var asked: Job?, ahead: Job?
    /// Packs to load ahead, most likely asked for next first.
    private var queue: [ReviewPackKey] = []
    private var queueTargets: ReviewTargets?
    /// The last failure of a pack asked for, told once.
    private var failure: (key: ReviewPackKey, message: String)?

    /// A loader keeping at most `cacheCapacity` packs.
    public init(cacheCapacity: Int = 12, load: @escaping Load) {
        cache = ReviewPackCache(capacity: cacheCapacity)
        self.load = load
    }

    /// A loader reading `store`'s KPI history.
    public convenience init(store: any EventStoring, cacheCapacity: Int = 12) {
        self.init(cacheCapacity: cacheCapacity) { key, targets in
            try ReviewHistory.pack(period: key.period, compare: key.compare, asOf: key.asOf, targets: targets, in: store)
        }
    }

    /// How many packs the cache holds.
    public var cachedCount: Int { cache.count }

    /// The pack of `key` judged against `targets`: ready when loaded, else loading (started here unless it is
    /// already), or its failure once. `ahead` names the packs to load next while none is asked for.
    public func pack(for key: ReviewPackKey, targets: ReviewTargets, ahead next: [ReviewPackKey]) -> ReviewPackAnswer {
        collect()
        queue = next
        queueTargets = targets
        defer { startNext() }
        if let pack = cache.pack(key, targets: targets) { return .ready(pack) }
        if let failed = failure, failed.key == key {
            failure = nil
            return .failed(failed.message)
        }
        if [asked, ahead].contains(where: { $0?.key == key && $0?.targets == targets }) { return .loading }
        if asked == nil { asked = start(key, targets) }
        return .loading
    }

    /// Takes finished loads into the cache and starts loading ahead when nothing is asked for; the loop calls it
    /// while the pack it shows is ready, so the neighbours keep loading.
    public func poll() {
        collect()
        startNext()
    }

    /// Whether a pack is loading, asked for or ahead.
    public var isBusy: Bool { asked != nil || ahead != nil }

    /// Waits at most `seconds` for the pack asked for to load, else for the one ahead (for callers without a frame
    /// to draw: the benchmark, tests); what finished is taken at the next ask or poll.
    public func wait(seconds: Double) {
        (asked ?? ahead)?.call.wait(seconds: seconds)
    }

    private func collect() {
        if let job = asked, let answer = job.call.take() {
            asked = nil
            switch answer {
            case .success(let pack): cache.insert(pack, for: job.key, targets: job.targets)
            case .failure(let error): failure = (job.key, "\(error)")
            }
        }
        if let job = ahead, let answer = job.call.take() {
            ahead = nil
            // A pack loaded ahead that failed is asked for again when it is shown, and then says why.
            if case .success(let pack) = answer { cache.insert(pack, for: job.key, targets: job.targets) }
        }
    }

    /// Loads the next pack ahead, only while no pack asked for is loading (that one comes first).
    private func startNext() {
        guard asked == nil, ahead == nil, let targets = queueTargets else { return }
        queue.removeAll { cache.contains($0, targets: targets) }
        guard !queue.isEmpty else { return }
        ahead = start(queue.removeFirst(), targets)
    }

    private func start(_ key: ReviewPackKey, _ targets: ReviewTargets) -> Job {
        let job = Job(key: key, targets: targets)
        let load = load
        job.call.start { try load(key, targets) }
        return job
    }
}

import FleetCore
import Foundation

/// Values derived from one fleet state, kept between frames so that composing again, or a key and then a frame, reuses
/// them instead of deriving them from 100,000 GPUs again.
///
/// Owned by whoever builds the frame contexts (the dashboard loop, a benchmark) and handed in `FrameContext.cache`; a
/// context without one derives everything each time. A key names every input its value is read from besides the state,
/// and the state is matched by its version and clock, so a hit returns what deriving would have: frames stay a pure
/// function of UI state and context. One cache serves one state lineage (states that a reducer grew from each other).
public final class FrameCache: @unchecked Sendable {
    /// Above this many entries the cache starts again: a filter typed letter by letter leaves an entry per letter.
    static let capacity = 64

    /// The state the entries were derived from.
    private struct StateStamp: Equatable {
        var version: UInt64
        var now: Double
    }

    // Guards the fields below: a context (and so its cache) is Sendable and may be read from any thread.
    private let lock = NSLock()
    private var stamp: StateStamp?
    private var entries: [AnyHashable: Any] = [:]
    /// Values kept across states, only ever the starting point of a derivation whose result does not depend on them
    /// (a previous order to re-sort from): a stale or missing hint costs time, never a different frame.
    private var hints: [AnyHashable: Any] = [:]

    /// An empty cache.
    public init() {}

    /// The value cached under `key` for `state`, else `derive()`'s, which is then kept.
    func value<T>(for key: AnyHashable, state: FleetState, _ derive: () -> T) -> T {
        let current = StateStamp(version: state.version, now: state.now)
        let hit: T? = lock.withLock {
            if stamp != current {
                entries.removeAll()
                stamp = current
            }
            return entries[key] as? T
        }
        if let hit { return hit }
        // Derived outside the lock: a long derivation must not block another thread's hit.
        let value = derive()
        lock.withLock {
            guard stamp == current else { return }
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = value
        }
        return value
    }

    /// The hint kept under `key` by an earlier derivation, from any state.
    func hint<T>(for key: AnyHashable) -> T? { lock.withLock { hints[key] as? T } }

    /// Keeps `value` as the hint under `key`.
    func keepHint(_ value: Any, for key: AnyHashable) {
        lock.withLock {
            if hints.count >= Self.capacity, hints[key] == nil { hints.removeAll() }
            hints[key] = value
        }
    }

    /// How many values are kept (for tests).
    var count: Int { lock.withLock { entries.count } }
}

/// What a pane's rows are read from besides the state: its filter and sort, what narrows or groups it, and the wall
/// clock when its cells read the time.
struct RowsKey: Hashable {
    var pane: Pane
    var filter: String?
    var sort: ListSort?
    var scope: AnyHashable?
    var wallNow: Double?
}

extension FrameContext {
    /// `derive()`'s value for `key`, from the context's cache when it has one.
    func cached<T>(_ key: some Hashable, _ derive: () -> T) -> T {
        guard let cache else { return derive() }
        return cache.value(for: AnyHashable(key), state: state, derive)
    }

    /// The hint an earlier frame kept under `key` (see `FrameCache.hint`), when the context has a cache.
    func hint<T>(_ key: some Hashable) -> T? { cache?.hint(for: AnyHashable(key)) }

    /// Keeps `value` under `key` as the next derivation's starting point, when the context has a cache.
    func keepHint(_ value: Any, _ key: some Hashable) { cache?.keepHint(value, for: AnyHashable(key)) }

    /// The rows of `pane` for `ui`, built by `build` once per state, filter, sort and `scope` (and wall clock when
    /// `readsWallClock`).
    func rows(_ pane: Pane, ui: UIState, scope: AnyHashable? = nil, readsWallClock: Bool = false,
              _ build: () -> [ListRow]) -> [ListRow] {
        cached(RowsKey(pane: pane, filter: ui.filters[pane], sort: ui.sort[pane], scope: scope,
                       wallNow: readsWallClock ? wallNow : nil), build)
    }
}

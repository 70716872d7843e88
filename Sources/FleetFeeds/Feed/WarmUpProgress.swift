import Synchronization

/// How far a feed's warm-up of a new store has got, in fleet minutes: written by the warm-up thread, read by the
/// dashboard's progress line, so a big new fleet shows "minute 212 of 480" instead of a bare clock.
public final class WarmUpProgress: Sendable {
    private let done = Atomic<Int>(0)

    /// A progress of zero minutes.
    public init() {}

    /// Fleet minutes fast-forwarded so far.
    public var minutesDone: Int { done.load(ordering: .relaxed) }

    /// Records that `minutes` fleet minutes are done.
    public func report(minutesDone minutes: Int) { done.store(minutes, ordering: .relaxed) }
}

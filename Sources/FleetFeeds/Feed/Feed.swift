import FleetCore

/// A source of events run by the writer loop: the simulator, a trace replay, the live sources, the policy file.
///
/// The loop calls `step` on its own thread, one feed after another, inside the store's write transaction; a feed
/// emits into the batch, which applies each event to the loop's one state as it goes (feeds keep no mirror).
/// A step that throws isolates that feed: the loop stores its failure (once while it repeats), backs it off and
/// runs the others.
public protocol Feed: AnyObject {
    /// The name its status is recorded under.
    var name: String { get }
    /// The kind recorded with its status (`simulator`, `trace-replay`, …).
    var kind: String { get }
    /// Seconds between steps; `.infinity` steps only when `hasPendingWork`.
    var interval: Double { get }
    /// Whether a step is due before the interval is up (a live source's update waiting).
    var hasPendingWork: Bool { get }
    /// The bulk first state of a new store, when this feed makes one (the simulator's warm-up): the loop runs it once
    /// on a background thread before the first step, reporting fleet minutes done to the `WarmUpProgress` (and a copy
    /// of its state so far when that asks for one), and stores its result as a snapshot. Nil: no bulk start.
    var warmUp: (@Sendable (FleetState, WarmUpProgress) -> FleetState?)? { get }
    /// The KPI history (hourly rollups of every scope) of the time before a new store's warm-up (the simulator's 90
    /// days), made from the fleet's definition (the first state the warm-up reports) on a thread of its own while the
    /// warm-up runs; the warm-up's own hours are rolled up from the states it reports to its `WarmUpProgress`. Nil: none.
    var history: (@Sendable (FleetState) -> [KPIRollup])? { get }
    /// One step at wall time `now`: emits this feed's events into `batch`.
    func step(now: Double, into batch: inout EventBatch) throws
    /// Stops the feed's own threads, if it has any.
    func stop()
}

extension Feed {
    public var hasPendingWork: Bool { false }
    public var warmUp: (@Sendable (FleetState, WarmUpProgress) -> FleetState?)? { nil }
    public var history: (@Sendable (FleetState) -> [KPIRollup])? { nil }
    public func stop() {}
}

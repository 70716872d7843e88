import FleetCore

/// The events of one writer-loop turn, applied to the loop's one state as they are emitted: each exactly once, in
/// the order they are written to the store.
///
/// A feed reads `state` (the loop's state, with everything emitted so far) and changes it only by emitting.
public struct EventBatch {
    /// The loop's state, including every event emitted so far.
    public private(set) var state: FleetState
    /// What was emitted, in order.
    public private(set) var events: [FleetEvent] = []

    /// A batch over `state` (tests and one-off uses; the loop lends its own state with `collect(on:_:)`).
    public init(state: FleetState) { self.state = state }

    /// Runs `body` on a batch that holds `state` (moved in, not copied, so nothing is copied on write) and moves the
    /// state back; returns what was emitted.
    public static func collect(on state: inout FleetState, _ body: (inout EventBatch) -> Void) -> [FleetEvent] {
        var batch = EventBatch(state: FleetState())
        swap(&batch.state, &state)
        body(&batch)
        swap(&batch.state, &state)
        return batch.events
    }

    /// Applies `event` and records it.
    public mutating func emit(_ event: FleetEvent) {
        state.apply(event)
        events.append(event)
    }

    /// Applies `events` as one batch (per-minute samples only for the last hour, see `FleetState.apply(_:)`) and
    /// records them.
    public mutating func emit(contentsOf events: [FleetEvent]) {
        state.apply(events)
        // The first emit adopts the caller's array (shared storage, no per-event copy).
        if self.events.isEmpty { self.events = events } else { self.events += events }
    }

    /// Runs a generator that must apply each event as it decides the next (the simulator, the ingests): `generate`
    /// applies its events to the state it is given and returns exactly those, in order.
    public mutating func emitApplied(_ generate: (inout FleetState) -> [FleetEvent]) {
        events += generate(&state)
    }
}

import FleetCore
import FleetStore
import Foundation

/// Governance events other processes (CLI commands, other dashboards) appended among a writer's own events.
///
/// A feed runner keeps a mirror of the state and snapshots it; it folds these in first, so a snapshot (and the
/// compaction after it) never drops a decision.
struct ForeignGovernance {
    private var cursor: Int64
    /// JSON of `FleetEvent.governance` starts with its case name.
    private static let prefix = Data(#"{"governance""#.utf8)

    /// Starts after `eventID` (the mirror already holds everything up to it).
    init(after eventID: Int64) { cursor = eventID }

    /// Governance events in `(cursor, through]`, in order; the cursor moves to `through`.
    mutating func take(from store: EventStore, through: Int64) throws -> [FleetEvent] {
        guard through > cursor else { return [] }
        let found = try store.events(after: cursor, through: through, payloadPrefix: Self.prefix, as: FleetEvent.self)
        cursor = through
        return found.map(\.event)
    }
}

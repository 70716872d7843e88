import FleetCore
import FleetStore

extension Session {
    /// Version of the stored `FleetState` and event encoding; a store from another version is refused, not misread.
    /// "4": events binary too (`BinaryEvent`); "3": binary snapshots (`BinarySnapshot`), JSON events.
    static let stateFormat = "4"
    /// The format whose events are JSON: read as it is (its events still decode), marked "4" when opened for writing,
    /// so that a fleetdeck that reads only JSON events refuses the store instead of misreading the binary ones.
    static let jsonEventFormat = "3"
    /// The format whose snapshots were JSON; such a store is migrated when opened for writing.
    static let jsonSnapshotFormat = "2"

    /// Whether this fleetdeck reads a store of `format` without migrating it.
    static func isReadable(format: String) -> Bool { format == stateFormat || format == jsonEventFormat }

    /// For a process that may write `store`: sets the format of a new store, migrates an older one, accepts the
    /// current one, and refuses any other.
    static func checkStateFormat(_ store: any EventStoring) throws {
        let found = try store.meta("state_format")
        if found == stateFormat { return }
        if found == jsonEventFormat {
            try store.setMeta("state_format", stateFormat)
            return
        }
        // Only SQLite stores predate the binary snapshots.
        if found == jsonSnapshotFormat, let store = store as? EventStore {
            try store.migrateJSONSnapshots(as: FleetState.self, metaKey: "state_format", from: jsonSnapshotFormat, to: stateFormat)
            return
        }
        if found == nil, try store.lastEventID() == 0, try store.latestSnapshot(as: FleetState.self) == nil {
            try store.setMeta("state_format", stateFormat)
            return
        }
        throw SessionError.stateFormat(path: store.location, found: found ?? "1")
    }
}

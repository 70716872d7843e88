/// Why a session could not start.
enum SessionError: Error, CustomStringConvertible {
    case stateFormat(path: String, found: String)
    /// A store with JSON snapshots (format 2) that this user cannot write, so it cannot be migrated in place.
    case needsMigration(path: String)
    /// A new store this process may not write: nothing to follow until a writer (`collect`, a dashboard) starts it.
    case noFleetYet(path: String)
    var description: String {
        switch self {
        case let .noFleetYet(path):
            "store at \(path) holds no fleet yet and this user may not start one: run `fleetdeck collect` (or a dashboard) " +
                "as a writer first"
        case let .needsMigration(path):
            "store at \(path) holds fleet state format \(Session.jsonSnapshotFormat) (JSON snapshots) and is read-only here; " +
                "to migrate it to format \(Session.stateFormat), run `fleetdeck report chargeback --store \(path)` once as a user " +
                "who can write it (any fleetdeck command that can write the store migrates it)"
        case let .stateFormat(path, found):
            "store at \(path) holds fleet state format \(found) from another fleetdeck version (this one uses " +
                "\(Session.stateFormat)); move it away or pick another --store"
        }
    }
}

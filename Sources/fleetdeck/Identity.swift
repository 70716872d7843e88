import Foundation

/// The acting identity on an SQLite store: the OS user running this process. No flag or variable can claim another
/// one. On a PostgreSQL store the database login acts instead (`StoreAccess.login`, `GovernanceDesk.perform`).
enum Identity {
    /// The effective user's login name (or `uid:N` when the user database has none).
    static func current() -> String {
        let uid = geteuid()
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid:\(uid)" }
        return String(cString: name)
    }
}

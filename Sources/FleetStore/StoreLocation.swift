import Foundation

/// Where fleetdeck keeps its store by default, following the XDG base directory spec.
public enum StoreLocation {
    /// The default store path: `$XDG_STATE_HOME/fleetdeck/fleet.sqlite`, else `$HOME/.local/state/fleetdeck/fleet.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment,
                                   file: String = "fleet.sqlite") -> String {
        let stateHome: String
        // The XDG spec says relative values are invalid and must be ignored.
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            stateHome = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            stateHome = (home as NSString).appendingPathComponent(".local/state")
        }
        return ((stateHome as NSString).appendingPathComponent("fleetdeck") as NSString)
            .appendingPathComponent(file)
    }

    /// Creates the missing directories above `path` with mode 0700; existing ones are left as they are.
    static func createParentDirectories(of path: String) throws(StoreError) {
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty else { return }
        var missing: [String] = []
        var cursor = parent
        while !cursor.isEmpty, cursor != "/", !FileManager.default.fileExists(atPath: cursor) {
            missing.append(cursor)
            cursor = (cursor as NSString).deletingLastPathComponent
        }
        // Create top-down so that each directory gets 0700 itself, rather than
        // relying on FileManager's platform-dependent handling of attributes.
        for directory in missing.reversed() {
            // EEXIST: another process created it first, which is fine.
            if mkdir(directory, 0o700) != 0, errno != EEXIST {
                let reason = String(cString: strerror(errno))
                throw StoreError.io(path: path, detail: "cannot create directory \(directory): \(reason)")
            }
        }
    }
}

import Foundation

/// The folder that holds this test run's scratch directories: removed when the run exits, and the folders of earlier
/// runs whose process is gone (killed, or a crash) are removed when it is first used, so runs never pile up stores in
/// the temporary directory (they left ~14 MB each, 47 GB on a machine that ran the suite for weeks).
enum ScratchRoot {
    // Short: tests read paths back from screen lines that a longer one would push off the edge.
    private static let prefix = "fde2e-"

    /// This run's folder, made at first use.
    static let url: URL = {
        let tmp = FileManager.default.temporaryDirectory
        removeAbandoned(in: tmp)
        let url = tmp.appendingPathComponent(prefix + String(getpid()))
        // Traversable by others, as /tmp itself is: tests run the binary as other users on stores below it.
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o755])
        atexit { try? FileManager.default.removeItem(at: ScratchRoot.url) }
        return url
    }()

    /// Removes the folders of runs whose process no longer exists.
    private static func removeAbandoned(in tmp: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) == -1, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: tmp.appendingPathComponent(name))
        }
    }
}

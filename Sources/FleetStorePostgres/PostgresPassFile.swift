import FleetInput
import Foundation

/// libpq's password file (`$PGPASSFILE`, else `~/.pgpass`): lines of `host:port:database:user:password`, `*` matching
/// anything, `\:` and `\\` escaping. As libpq does, a file that the group or others may read is ignored, so that a
/// password never comes from a file someone else could have read or written.
public enum PostgresPassFile {
    /// Largest file read; a password file is a few lines.
    static let maxBytes = 64 << 10

    /// The password for `url` from the password file the environment names, if a line matches.
    public static func password(for url: PostgresURL, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PGPASSFILE"] ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass"
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 == 0, case .success(let data) = InputFile.read(path, maxBytes: maxBytes) else {
            return nil
        }
        return password(for: url, in: String(decoding: data, as: UTF8.self))
    }

    /// The password of the first line of `text` matching `url` (a socket connection matches host `localhost`).
    static func password(for url: PostgresURL, in text: String) -> String? {
        let wanted = [url.host ?? "localhost", String(url.port), url.database, url.user]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(line)
            guard fields.count == 5 else { continue }
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// The `:`-separated fields of `line`, with `\` escapes undone.
    private static func split(_ line: Substring) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":", fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}

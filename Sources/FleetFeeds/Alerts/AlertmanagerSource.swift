import FleetCore
import Foundation

/// Alertmanager webhook payloads saved to a file (by a relay, `curl -o`, or a test), read again when the file changes.
public struct AlertmanagerSource: Sendable {
    public let path: String
    private var lastModified: Date?
    private var hasRead = false

    /// A source reading `path`.
    public init(path: String) { self.path = path }

    /// The payload's alerts and problems when the file is new or its modification time changed since the last call;
    /// nil when unchanged.
    public mutating func poll() -> Result<(alerts: [ExternalAlert], errors: [String]), AlertSourceError>? {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        guard !hasRead || modified != lastModified else { return nil }
        hasRead = true
        lastModified = modified
        return Self.readFile(path: path)
    }

    /// Reads and parses the payload at `path`; the file's modification time is each alert's `receivedAt`.
    public static func readFile(path: String) -> Result<(alerts: [ExternalAlert], errors: [String]), AlertSourceError> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(AlertSourceError("cannot open \(path): \(String(cString: strerror(errno)))"))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // One byte past the limit is enough to know the file is too large, without reading all of it.
            data = try handle.read(upToCount: AlertmanagerWebhook.maxBytes + 1) ?? Data()
        } catch {
            return .failure(AlertSourceError("cannot read \(path): \(error.localizedDescription)"))
        }
        guard data.count <= AlertmanagerWebhook.maxBytes else {
            return .failure(AlertSourceError("\(path): larger than the \(AlertmanagerWebhook.maxBytes >> 20) MiB limit"))
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        let receivedAt = (modified ?? Date()).timeIntervalSince1970
        return .success(AlertmanagerWebhook.parse(data, receivedAt: receivedAt))
    }
}

/// Why a payload file could not be read at all (problems inside a payload are its `errors`).
public struct AlertSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

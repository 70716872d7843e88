import Foundation
import GRDB

/// Everything `EventStore` and `StoreWatcher` throw; each case names the store path.
public enum StoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file is not a database, is malformed, or fails its integrity check; it was left untouched.
    case corrupt(path: String, detail: String)
    /// The store was written by a newer fleetdeck whose schema this build does not understand.
    case newerVersion(path: String, found: Int, supported: Int)
    /// The file is a valid SQLite database that belongs to something other than fleetdeck.
    case notFleetdeckStore(path: String)
    /// Any other failure to open, read or write the store.
    case io(path: String, detail: String)
    /// A stored payload (event, or snapshot at that event id) could not be decoded as the requested type.
    case decode(path: String, eventID: Int64, detail: String)
    /// The database refused the statement to this login (its role lacks the grant, e.g. a viewer deciding); nothing
    /// was written.
    case notPermitted(path: String, detail: String)
    /// A writer's fence is stale: another process took the writer lease (raising the epoch) since; nothing was written.
    case fenced(path: String, epoch: Int64, current: Int64)

    /// A one-line explanation naming the path.
    public var description: String {
        switch self {
        case let .corrupt(path, detail):
            "store at \(path) is corrupt (\(detail)); it was left untouched: move it aside to start afresh"
        case let .newerVersion(path, found, supported):
            "store at \(path) has schema version \(found), newer than the \(supported) this fleetdeck supports: upgrade fleetdeck"
        case let .notFleetdeckStore(path):
            "\(path) is an SQLite database that is not a fleetdeck store; refusing to touch it"
        case let .io(path, detail):
            "store at \(path): \(detail)"
        case let .decode(path, eventID, detail):
            "store at \(path): cannot decode payload at event \(eventID): \(detail)"
        case let .notPermitted(path, detail):
            "store at \(path) refused this login: \(detail); its database role may not do this (fleetdeck_viewer reads " +
                "only, deciding needs fleetdeck_approver, collecting fleetdeck_writer)"
        case let .fenced(path, epoch, current):
            "store at \(path): fenced: this writer's lease (epoch \(epoch)) was taken over by another writer (epoch " +
                "\(current)) while it was paused; nothing more is written"
        }
    }

    /// Maps any error thrown by GRDB, SQLite or Foundation to a `StoreError` for `path`.
    static func wrapping(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return .corrupt(path: path, detail: error.message ?? "\(error.resultCode)")
            default:
                return .io(path: path, detail: "\(error)")
            }
        }
        return .io(path: path, detail: "\(error)")
    }

    /// Runs `body`, converting whatever it throws with `wrapping(_:path:)`.
    static func guarding<T>(path: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw wrapping(error, path: path)
        }
    }
}

/// A short, single-line rendering of a decoding failure (the default is multi-line and noisy).
package func describe(decodingError error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    func locate(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
    }
    switch error {
    case let .typeMismatch(_, context), let .valueNotFound(_, context),
         let .keyNotFound(_, context), let .dataCorrupted(context):
        return locate(context)
    @unknown default:
        return "\(error)"
    }
}

import FleetCore
import Foundation

/// One parsed webhook payload: the usable alerts, the problems found, and why the whole payload was discarded if it was.
public struct AlertmanagerPayload: Sendable, Equatable {
    /// Alerts read (those with problems are skipped and listed in `errors`).
    public var alerts: [ExternalAlert]
    /// Problems and warnings, each with its location; the rejection reason, if any, comes first.
    public var errors: [String]
    /// Why nothing of the payload could be used; nil when it was accepted.
    public var rejection: String?

    /// Whether the payload was used (a sender should retry one that was not).
    public var isAccepted: Bool { rejection == nil }

    /// A payload discarded whole for `reason`, with the warnings gathered before.
    static func rejected(_ reason: String, warnings: [String] = []) -> AlertmanagerPayload {
        AlertmanagerPayload(alerts: [], errors: [reason] + warnings, rejection: reason)
    }
}

extension AlertmanagerWebhook {
    /// The JSON document in `data`, or the syntax error with its line.
    static func readJSON(_ data: Data) -> Result<JSONValue, PayloadError> {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var cursor = JSONCursor(bytes)
            do throws(JSONError) {
                let value = try JSONValue.read(&cursor)
                try cursor.expectEnd()
                return .success(value)
            } catch {
                return .failure(PayloadError("line \(error.line(in: bytes)): \(error.message)"))
            }
        }
    }

    /// A short description of a value for messages: a string quoted and cut, otherwise its kind.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s):
            let cut = FeedText.clean(s.prefix(40))
            return "\"\(cut)\"" + (s.count > 40 ? "…" : "")
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .object: return "an object"
        case .array: return "an array"
        }
    }

    /// A message about the whole payload.
    struct PayloadError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Every problem of one alert.
    struct AlertProblems: Error {
        var messages: [String]
        init(_ messages: [String]) { self.messages = messages }
    }

    /// Problems of a payload, at most `maxErrors` listed and the rest counted.
    struct Problems {
        private(set) var listed: [String] = []
        private var more = 0

        mutating func add(_ message: String) {
            if listed.count < AlertmanagerWebhook.maxErrors { listed.append(message) } else { more += 1 }
        }

        var list: [String] { more == 0 ? listed : listed + ["… and \(more) more problem(s)"] }
    }
}

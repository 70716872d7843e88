import FleetCore
import Foundation

/// Alertmanager's webhook notification (payload version 4) read into `ExternalAlert`s.
///
/// See https://prometheus.io/docs/alerting/latest/configuration/#webhook_config for the format. Every problem is
/// reported with where it is (`alerts[3].startsAt: not an RFC 3339 time: "yesterday"`); an alert with a problem is
/// skipped and the others are kept.
public enum AlertmanagerWebhook {
    /// Largest payload read (Alertmanager sends a few KiB per alert; this is thousands of alerts).
    public static let maxBytes = 4 << 20
    /// Most problems listed per payload; the rest are counted in one last message.
    public static let maxErrors = 50

    /// The alerts in `data` and the problems found; `receivedAt` (epoch seconds) is stamped on every alert.
    ///
    /// Other payload versions of the same shape are read with a warning (the format has been stable since version 4's
    /// predecessors); a payload that cannot be used at all is `rejected` with the reason.
    public static func parse(_ data: Data, receivedAt: Double) -> AlertmanagerPayload {
        guard data.count <= maxBytes else {
            return .rejected("payload: \(data.count) bytes, larger than the \(maxBytes >> 20) MiB limit")
        }
        guard data.contains(where: { !isJSONSpace($0) }) else { return .rejected("payload: empty") }
        let document: JSONValue
        switch readJSON(data) {
        case .success(let value): document = value
        case .failure(let error): return .rejected(error.description)
        }
        guard case .object(let top) = document else { return .rejected("payload: not a JSON object but \(describe(document))") }
        var errors = Problems()
        switch top["version"] {
        case .string("4")?, .number(4)?: break
        case nil: errors.add("version: missing; read as version \"4\"")
        case let other?: errors.add("version: \(describe(other)) is not \"4\"; read as version \"4\"")
        }
        let context = Context(receiver: top["receiver"]?.string.map(FeedText.clean) ?? "",
                              groupStatus: top["status"]?.string.flatMap(ExternalAlert.Status.init(rawValue:)),
                              receivedAt: receivedAt)
        guard let items = top["alerts"] else { return .rejected("alerts: missing", warnings: errors.list) }
        guard case .array(let list) = items else {
            return .rejected("alerts: not an array but \(describe(items))", warnings: errors.list)
        }
        var alerts: [ExternalAlert] = []
        alerts.reserveCapacity(list.count)
        for (index, item) in list.enumerated() {
            switch alert(item, at: "alerts[\(index)]", context) {
            case .success(let alert): alerts.append(alert)
            case .failure(let problems): problems.messages.forEach { errors.add($0) }
            }
        }
        if alerts.isEmpty, !list.isEmpty {
            return .rejected("every one of the \(list.count) alert(s) is unusable", warnings: errors.list)
        }
        return AlertmanagerPayload(alerts: alerts, errors: errors.list, rejection: nil)
    }

    private static func isJSONSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    /// What every alert of a payload shares.
    private struct Context {
        var receiver: String
        /// The payload's status, for alerts without their own (older senders and hand-written files).
        var groupStatus: ExternalAlert.Status?
        var receivedAt: Double
    }

    /// One alert, or every problem it has.
    private static func alert(_ item: JSONValue, at path: String, _ context: Context) -> Result<ExternalAlert, AlertProblems> {
        guard case .object(let fields) = item else { return .failure(AlertProblems(["\(path): not an object but \(describe(item))"])) }
        var problems: [String] = []
        func note(_ field: String, _ message: String) { problems.append("\(path).\(field): \(message)") }

        var status = context.groupStatus
        if let value = fields["status"] {
            status = value.string.flatMap(ExternalAlert.Status.init(rawValue:))
            if status == nil { note("status", "\(describe(value)) is not \"firing\" or \"resolved\"") }
        } else if status == nil {
            note("status", "missing (and the payload has none)")
        }
        let labels = stringMap(fields["labels"], "labels", required: true, note)
        if labels?.isEmpty == true { note("labels", "empty (an alert needs at least one label)") }
        let annotations = stringMap(fields["annotations"], "annotations", required: false, note) ?? [:]
        let startsAt = time(fields["startsAt"], "startsAt", note)
        if isBlank(fields["startsAt"]) { note("startsAt", "missing") }
        if startsAt == RFC3339.goZeroTime { note("startsAt", "is the zero time") }
        var endsAt = time(fields["endsAt"], "endsAt", note)
        if endsAt == RFC3339.goZeroTime { endsAt = nil }
        if let s = startsAt, let e = endsAt, e < s { note("endsAt", "before startsAt") }
        let fingerprint = optionalString(fields["fingerprint"], "fingerprint", note)
        let generatorURL = optionalString(fields["generatorURL"], "generatorURL", note)

        guard problems.isEmpty, let status, let labels, let startsAt else { return .failure(AlertProblems(problems)) }
        return .success(ExternalAlert(fingerprint: fingerprint, status: status, labels: labels, annotations: annotations,
                                      startsAt: startsAt, endsAt: endsAt, generatorURL: generatorURL ?? "",
                                      receiver: context.receiver, receivedAt: context.receivedAt))
    }

    /// A `{"name": "value"}` object, names and values cleaned; nil (with a note) when missing or malformed.
    private static func stringMap(_ value: JSONValue?, _ field: String, required: Bool,
                                  _ note: (String, String) -> Void) -> [String: String]? {
        switch value {
        case nil, .null?:
            if required { note(field, "missing") }
            return nil
        case .object(let members)?:
            var out: [String: String] = [:]
            var ok = true
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                guard case .string(let text) = member else {
                    note("\(field).\(FeedText.clean(name.prefix(64)))", "not a string but \(describe(member))")
                    ok = false
                    continue
                }
                out[FeedText.clean(name)] = FeedText.clean(text)
            }
            return ok ? out : nil
        case let other?:
            note(field, "not an object but \(describe(other))")
            return nil
        }
    }

    /// Whether a field is missing, null or the empty string.
    private static func isBlank(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .string("")?: return true
        default: return false
        }
    }

    /// An RFC 3339 time; nil when blank (the caller decides whether that is a problem) or malformed (noted).
    private static func time(_ value: JSONValue?, _ field: String, _ note: (String, String) -> Void) -> Double? {
        switch value {
        case nil, .null?, .string("")?: return nil
        case .string(let text)?:
            guard let t = RFC3339.parse(text) else { note(field, "not an RFC 3339 time: \(describe(.string(text)))"); return nil }
            return t
        case let other?:
            note(field, "not an RFC 3339 time but \(describe(other))")
            return nil
        }
    }

    /// A cleaned string, nil when missing or null.
    private static func optionalString(_ value: JSONValue?, _ field: String, _ note: (String, String) -> Void) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return FeedText.clean(text)
        case let other?:
            note(field, "not a string but \(describe(other))")
            return nil
        }
    }
}

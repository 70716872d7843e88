/// An alert received from Prometheus Alertmanager (a webhook notification or a saved payload).
///
/// Strings are already cleaned of control characters by the feed that built it.
public struct ExternalAlert: Codable, Sendable, Hashable {
    /// Whether Alertmanager still considers the alert active.
    public enum Status: String, Codable, Sendable, Hashable {
        case firing, resolved
    }

    /// Alertmanager's fingerprint, or `ExternalAlert.fingerprint(of:)` of the labels when the payload had none.
    public var fingerprint: String
    public var status: Status
    /// The identifying labels (`alertname`, `severity`, …); silences match on these.
    public var labels: [String: String]
    /// Free-text details (`summary`, `description`, `runbook_url`, …).
    public var annotations: [String: String]
    /// When the alert started firing, epoch seconds.
    public var startsAt: Double
    /// When it ended or will end, epoch seconds; nil when Alertmanager set none (Go's zero time).
    public var endsAt: Double?
    /// Link to the rule's expression in the Prometheus that raised it; empty when absent.
    public var generatorURL: String
    /// The Alertmanager receiver the notification was sent to; empty when absent.
    public var receiver: String
    /// When fleetdeck received it, epoch seconds (the file's modification time for saved payloads).
    public var receivedAt: Double

    /// An alert; `fingerprint` nil (or empty) computes one from `labels`.
    public init(fingerprint: String? = nil, status: Status, labels: [String: String], annotations: [String: String] = [:],
                startsAt: Double, endsAt: Double? = nil, generatorURL: String = "", receiver: String = "",
                receivedAt: Double) {
        self.fingerprint = fingerprint.flatMap { $0.isEmpty ? nil : $0 } ?? Self.fingerprint(of: labels)
        self.status = status
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
        self.receiver = receiver
        self.receivedAt = receivedAt
    }

    /// The alert's name (`alertname` label), or empty.
    public var name: String { labels["alertname"] ?? "" }

    /// A stable fingerprint of a label set: FNV-1a 64 over `name=value\n` for each label sorted by name, as 16 hex digits.
    ///
    /// Hand-rolled because `Hasher` is seeded per process; this one must be equal across runs and machines.
    public static func fingerprint(of labels: [String: String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (name, value) in labels.sorted(by: { $0.key < $1.key }) {
            for byte in "\(name)=\(value)\n".utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
